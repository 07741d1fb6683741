import assert from 'node:assert/strict';
import { createReadStream } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { DIALECTS } from '@cortado/server/test/helpers/dialects.js';
import {
  INTEGRATION_USER,
  startCompatServer,
  type CompatServer,
} from '@cortado/server/test/compat/compat-server.js';
import {
  CortadoClient,
  DoesNotExistError,
  FileTypeNotAllowed,
  MaxFileSizeReachedError,
  RequestAbortedError,
  RequestEntityTooLarge,
  uploadFile,
  type FileDoc,
} from '../src/index.js';
import { SDK_APP } from './sdk-app.js';

/*
 * uploadFile against a real listening Cortado server on each database:
 * bytes, a Node file stream, a web stream, a File (v2), a registered URL,
 * a session with CSRF enforced, and the refusals (413 over the site's cap,
 * 417 over System Settings' size or for an extension it does not allow, 404
 * for an unknown DocType), none of which leaves a File row behind.
 */

/** The site's transport cap (site config `max_file_size`, bytes), above System Settings' 1 MB. */
const CAP = 2 * 1024 * 1024;

/** `size` bytes of a repeating pattern, so a wrong offset would show. */
function pattern(size: number): Uint8Array {
  const bytes = new Uint8Array(size);
  for (let index = 0; index < size; index++) bytes[index] = (index * 31 + 7) % 251;
  return bytes;
}

async function* chunked(bytes: Uint8Array, size: number): AsyncGenerator<Uint8Array> {
  for (let offset = 0; offset < bytes.length; offset += size)
    yield bytes.subarray(offset, offset + size);
}

async function failure(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  return assert.fail('expected a rejection');
}

for (const dialect of DIALECTS) {
  describe(`@cortado/client uploadFile on ${dialect}`, () => {
    let server: CompatServer;
    let erp: CortadoClient;
    let dir: string;
    let invoice: string;

    before(async () => {
      server = await startCompatServer(dialect, {
        apps: [SDK_APP],
        config: { enforce_csrf: true, max_file_size: CAP },
      });
      erp = new CortadoClient({
        url: server.url,
        auth: { type: 'token', apiKey: server.apiKey, apiSecret: server.apiSecret },
      });
      dir = await mkdtemp(join(tmpdir(), 'cortado-upload-'));
      invoice = ((await erp.insert('SDK Invoice', { customer: 'Upload Co' })) as { name: string })
        .name;
    });
    after(async () => {
      await server?.close();
      if (dir !== undefined) await rm(dir, { recursive: true, force: true });
    });

    const bytesOf = async (file: FileDoc) => {
      const response = await fetch(server.url + encodeURI(file.file_url), {
        headers: { Authorization: server.token },
      });
      assert.equal(response.status, 200, file.file_url);
      return new Uint8Array(await response.arrayBuffer());
    };
    const fileCount = () => erp.getCount('File', [['is_folder', '=', 0]]);

    it('a Node file stream, private and attached to a document field', async () => {
      const content = pattern(40 * 1024);
      const path = join(dir, 'scan.bin');
      await writeFile(path, content);
      const file = await uploadFile(erp, {
        file: createReadStream(path, { highWaterMark: 4096 }),
        fileName: 'scan.bin',
        isPrivate: true,
        doctype: 'SDK Invoice',
        docname: invoice,
        fieldname: 'scan',
      });
      assert.equal(file.doctype, 'File');
      assert.equal(file.file_name, 'scan.bin');
      assert.equal(file.file_url, '/private/files/scan.bin');
      assert.equal(file.is_private, 1);
      assert.equal(file.file_size, content.length);
      assert.equal(file.attached_to_doctype, 'SDK Invoice');
      assert.equal(file.attached_to_name, invoice);
      assert.equal(file.attached_to_field, 'scan');
      assert.deepEqual(await bytesOf(file), content);
    });

    it('bytes, a web ReadableStream and an async iterable land byte for byte', async () => {
      const content = pattern(10_000);
      const fromBytes = await uploadFile(erp, { file: content, fileName: 'bytes.bin' });
      assert.equal(fromBytes.file_url, '/files/bytes.bin');
      assert.equal(fromBytes.is_private, 0);
      assert.deepEqual(await bytesOf(fromBytes), content);

      const other = pattern(20_000).reverse();
      const web = ReadableStream.from(chunked(other, 3000)) as ReadableStream<Uint8Array>;
      const fromWeb = await uploadFile(erp, { file: web, fileName: 'web "quoted".bin' });
      // The name survives the multipart escaping of its quotes.
      assert.equal(fromWeb.file_name, 'web "quoted".bin');
      assert.deepEqual(await bytesOf(fromWeb), other);

      const text = await uploadFile(erp, {
        file: (async function* () {
          yield 'héllo, ';
          yield new TextEncoder().encode('wörld');
        })(),
        fileName: 'greeting.txt',
        folder: 'Home/Attachments',
      });
      assert.equal(text.folder, 'Home/Attachments');
      assert.equal(new TextDecoder().decode(await bytesOf(text)), 'héllo, wörld');
    });

    it('a File over the v2 path keeps its own name; a URL is registered without bytes', async () => {
      const v2 = new CortadoClient({
        url: server.url,
        apiVersion: 'v2',
        auth: { type: 'token', apiKey: server.apiKey, apiSecret: server.apiSecret },
      });
      const file = await uploadFile(v2, {
        file: new File(['a,b\n1,2\n'], 'table.csv', { type: 'text/csv' }),
        isPrivate: true,
      });
      assert.equal(file.file_name, 'table.csv');
      assert.equal(file.file_url, '/private/files/table.csv');
      assert.equal(new TextDecoder().decode(await bytesOf(file)), 'a,b\n1,2\n');

      const remote = await uploadFile(erp, {
        fileUrl: 'https://cdn.example.com/logo.png',
        doctype: 'SDK Invoice',
        docname: invoice,
      });
      assert.equal(remote.file_url, 'https://cdn.example.com/logo.png');
      assert.equal(remote.attached_to_name, invoice);
    });

    it('a session client sends its CSRF token with the upload', async () => {
      const browserLike = new CortadoClient({ url: server.url });
      await browserLike.login(INTEGRATION_USER.email, INTEGRATION_USER.password);
      const file = await uploadFile(browserLike, {
        file: new Blob(['session']),
        fileName: 'session.txt',
        isPrivate: true,
      });
      assert.equal(file.owner, INTEGRATION_USER.email);
    });

    it('over the site cap: a typed 413, streamed or sized, and nothing stored', async () => {
      const before = await fileCount();
      const big = pattern(CAP + 64 * 1024);
      const sized = await failure(uploadFile(erp, { file: new Blob([big]), fileName: 'big.bin' }));
      assert.ok(sized instanceof RequestEntityTooLarge, String(sized));
      assert.equal(sized.status, 413);
      const streamed = await failure(
        uploadFile(erp, { file: chunked(big, 64 * 1024), fileName: 'big-stream.bin' }),
      );
      assert.ok(streamed instanceof RequestEntityTooLarge, String(streamed));
      assert.equal(streamed.status, 413);
      assert.equal(await fileCount(), before);
    });

    it('over System Settings max_file_size: MaxFileSizeReachedError (417)', async () => {
      await erp.setValue('System Settings', 'System Settings', { max_file_size: 1 });
      try {
        const before = await fileCount();
        const refused = await failure(
          uploadFile(erp, {
            file: chunked(pattern(1024 * 1024 + 1), 32 * 1024),
            fileName: 'm.bin',
          }),
        );
        assert.ok(refused instanceof MaxFileSizeReachedError, String(refused));
        assert.equal(refused.status, 417);
        assert.match(refused.message, /File size exceeded the maximum allowed size of 1.0 MB/);
        assert.equal(await fileCount(), before);
      } finally {
        await erp.setValue('System Settings', 'System Settings', { max_file_size: 0 });
      }
    });

    it('an extension System Settings does not allow: FileTypeNotAllowed (417)', async () => {
      await erp.setValue('System Settings', 'System Settings', {
        allowed_file_extensions: 'PDF\nPNG',
      });
      try {
        const before = await fileCount();
        const refused = await failure(
          uploadFile(erp, { file: new Blob(['notes']), fileName: 'notes.txt' }),
        );
        assert.ok(refused instanceof FileTypeNotAllowed, String(refused));
        assert.equal(refused.status, 417);
        assert.match(refused.message, /File type of TXT is not allowed/);
        assert.equal(await fileCount(), before);
        const pdf = await uploadFile(erp, { file: new Blob(['%PDF-1.4']), fileName: 'ok.pdf' });
        assert.equal(pdf.file_name, 'ok.pdf');
      } finally {
        await erp.setValue('System Settings', 'System Settings', { allowed_file_extensions: '' });
      }
    });

    it('an unknown DocType is DoesNotExistError; missing arguments fail before sending', async () => {
      const unknown = await failure(
        uploadFile(erp, {
          file: new Blob(['x']),
          fileName: 'x.txt',
          doctype: 'No Such Type',
          docname: 'X',
        }),
      );
      assert.ok(unknown instanceof DoesNotExistError, String(unknown));
      assert.equal(unknown.status, 404);
      await assert.rejects(uploadFile(erp, {}), TypeError);
      await assert.rejects(uploadFile(erp, { file: new Blob(['x']) }), TypeError);
    });

    it('an aborted upload rejects with RequestAbortedError', async () => {
      const controller = new AbortController();
      const stalled = (async function* () {
        yield new Uint8Array(100);
        controller.abort();
        yield new Uint8Array(100);
      })();
      const aborted = await failure(
        uploadFile(erp, { file: stalled, fileName: 'stalled.bin' }, { signal: controller.signal }),
      );
      assert.ok(aborted instanceof RequestAbortedError, String(aborted));
    });
  });
}
