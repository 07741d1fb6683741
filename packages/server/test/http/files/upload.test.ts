import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { DIALECTS } from '../../helpers/dialects.js';
import {
  fileRows,
  startFilesServer,
  storedNames,
  uploadForm,
  type FilesServer,
} from './files.fixtures.js';

const HELLO = 'hello world\n';
const HELLO_MD5 = '6f5902ac237024bdd0c176cb93063dc4';

async function upload(
  server: FilesServer,
  fileName: string | null,
  bytes: string | Uint8Array,
  fields: Record<string, string> = {},
  user?: string,
): Promise<{ status: number; body: Record<string, any> }> {
  const response = await server.request('/api/method/upload_file', {
    method: 'POST',
    body: uploadForm(fileName, bytes, fields),
    ...(user === undefined ? {} : { user }),
  });
  return { status: response.status, body: (await response.json()) as Record<string, any> };
}

for (const dialect of DIALECTS) {
  describe(`upload_file on ${dialect}`, () => {
    let server: FilesServer;
    before(async () => {
      server = await startFilesServer(dialect);
    });
    after(async () => server?.close());

    it('F1: a minimal public upload answers the File and serves the bytes without auth', async () => {
      const { status, body } = await upload(server, 'hello.txt', HELLO);
      assert.equal(status, 200, JSON.stringify(body));
      const file = body.message;
      assert.match(file.name, /^[0-9a-f]{10}$/);
      assert.equal(file.file_name, 'hello.txt');
      assert.equal(file.file_url, '/files/hello.txt');
      assert.equal(file.is_private, 0);
      assert.equal(file.folder, 'Home');
      assert.equal(file.file_size, 12);
      assert.equal(file.file_type, 'TXT');
      assert.equal(file.content_hash, HELLO_MD5);
      assert.equal(file.doctype, 'File');
      assert.equal('attached_to_doctype' in file, false);
      const served = await server.request('/files/hello.txt', { user: 'Guest' });
      assert.equal(served.status, 200);
      assert.match(served.headers.get('content-type') ?? '', /^text\/plain/);
      assert.equal(await served.text(), HELLO);
    });
  });
}
