import assert from 'node:assert/strict';
import { request as httpRequest } from 'node:http';
import { basename } from 'node:path';
import { Readable } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import { FrappeApp } from 'frappe-js-sdk';
import { insertDoc } from '../../../src/engine/document.js';
import { withContext } from '../../../src/engine/runtime/with-context.js';
import { siteStorage, stageStream, sweepFileOrphans } from '../../../src/features/files/index.js';
import { TEST_USER_HEADER } from '../../helpers/build-test-app.js';
import { DIALECTS } from '../../helpers/dialects.js';
import {
  USERS,
  fileRows,
  startFilesServer,
  storedNames,
  uploadForm,
  type FilesServer,
} from './files.fixtures.js';

/*
 * upload_file and the File controller through a real listening server
 * (docs/spec/files.md §2–§8, vectors F1–F16), including every bad input of the issue.
 */

const HELLO = 'hello world\n';
const HELLO_MD5 = '6f5902ac237024bdd0c176cb93063dc4';
const FRAPPE = 'Hello, Frappe!';

interface Answer {
  readonly status: number;
  readonly body: Record<string, any>;
}

async function upload(
  server: FilesServer,
  fileName: string | null,
  bytes: string | Uint8Array,
  fields: Record<string, string> = {},
  user?: string,
  path = '/api/method/upload_file',
): Promise<Answer> {
  const response = await server.request(path, {
    method: 'POST',
    body: uploadForm(fileName, bytes, fields),
    ...(user === undefined ? {} : { user }),
  });
  return { status: response.status, body: (await response.json()) as Record<string, any> };
}

function assertStatus(answer: Answer, status: number, excType?: string): void {
  assert.equal(answer.status, status, JSON.stringify(answer.body));
  if (excType !== undefined) assert.equal(answer.body.exc_type, excType);
}

/** Runs `fn` and asserts it left no File row and no stored or staged bytes behind. */
async function assertNothingStored(server: FilesServer, fn: () => Promise<void>): Promise<void> {
  const rowsBefore = (await fileRows(server.t)).length;
  const namesBefore = await storedNames(server.t.site.path);
  await fn();
  assert.equal((await fileRows(server.t)).length, rowsBefore, 'no File row was added');
  assert.deepEqual(await storedNames(server.t.site.path), namesBefore, 'no bytes were left');
}

function setSystemSettings(server: FilesServer, values: Record<string, unknown>): Promise<unknown> {
  return server.request('/api/resource/System Settings/System Settings', {
    method: 'PUT',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(values),
  });
}

/** Sends a raw request (for bodies `fetch` will not build, like a truncated multipart). */
function rawRequest(
  server: FilesServer,
  path: string,
  headers: Record<string, string>,
  body: string,
): Promise<Answer> {
  const { hostname, port } = new URL(server.url);
  return new Promise((resolve, reject) => {
    const req = httpRequest({ hostname, port, path, method: 'POST', headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          body: JSON.parse(Buffer.concat(chunks).toString()),
        }),
      );
    });
    req.on('error', reject);
    req.end(body);
  });
}

for (const dialect of DIALECTS) {
  describe(`upload_file on ${dialect}`, () => {
    let server: FilesServer;
    before(async () => {
      server = await startFilesServer(dialect);
    });
    after(async () => server?.close());

    it('F1: a minimal public upload answers the File and serves the bytes without auth', async () => {
      const answer = await upload(server, 'hello.txt', HELLO);
      assertStatus(answer, 200);
      const file = answer.body.message;
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
      assert.equal(served.headers.get('x-content-type-options'), 'nosniff');
      assert.equal(await served.text(), HELLO);
    });

    it('F2: the same bytes under another name reuse the stored file', async () => {
      const names = await storedNames(server.t.site.path);
      const answer = await upload(server, 'copy.txt', HELLO);
      assertStatus(answer, 200);
      assert.equal(answer.body.message.file_name, 'copy.txt');
      assert.equal(answer.body.message.file_url, '/files/hello.txt');
      assert.deepEqual(await storedNames(server.t.site.path), names);
    });

    it('F3: the same name with other bytes gets the hash suffix', async () => {
      const answer = await upload(server, 'hello.txt', FRAPPE);
      assertStatus(answer, 200);
      assert.equal(answer.body.message.file_name, 'hello4548be.txt');
      assert.equal(answer.body.message.file_url, '/files/hello4548be.txt');
      assert.equal(answer.body.message.content_hash, '7ecbc58ffe35a92162da7179014548be');
    });

    it('F4: dedupe does not cross privacy', async () => {
      const answer = await upload(server, 'hello.txt', HELLO, { is_private: '1' });
      assertStatus(answer, 200);
      assert.equal(answer.body.message.file_url, '/private/files/hello.txt');
      assert.equal(answer.body.message.is_private, 1);
      assert.ok((await storedNames(server.t.site.path)).includes('private/files/hello.txt'));
    });

    it('the dedupe switch (site config deduplicate_files) stores identical bytes again', async () => {
      // Site config is read per request; flipping it here stands for editing site_config.json.
      const config = server.t.site.config as Record<string, unknown>;
      config['deduplicate_files'] = false;
      try {
        const answer = await upload(server, 'again.txt', HELLO);
        assertStatus(answer, 200);
        assert.equal(answer.body.message.file_url, '/files/again.txt');
        assert.equal(answer.body.message.content_hash, HELLO_MD5);
      } finally {
        config['deduplicate_files'] = true;
      }
    });

    it("the seed's example: a private PDF attached to a document, is_private sent explicitly", async () => {
      const pdf = '%PDF-1.4\n% seed example\n';
      const answer = await upload(
        server,
        'invoice.pdf',
        pdf,
        { is_private: '1', doctype: 'Customer', docname: 'CUST-00001' },
        USERS.owner,
      );
      assertStatus(answer, 200);
      const file = answer.body.message;
      // docs/spec/DECISIONS.md: Frappe's shape, not the seed's `file_hash.pdf` name.
      assert.match(file.name, /^[0-9a-f]{10}$/);
      assert.equal(file.file_url, '/private/files/invoice.pdf');
      assert.equal(file.is_private, 1);
      assert.equal(file.attached_to_doctype, 'Customer');
      assert.equal(file.attached_to_name, 'CUST-00001');
      assert.equal(file.owner, USERS.owner);
      const served = await server.request('/private/files/invoice.pdf', { user: USERS.owner });
      assert.equal(served.status, 200);
      assert.equal(served.headers.get('content-type'), 'application/pdf');
      assert.equal(served.headers.get('content-disposition'), null);
      assert.equal(await served.text(), pdf);
    });

    it('the v2 form and frappe.handler.upload_file answer the same File', async () => {
      const v2 = await upload(
        server,
        'v2.txt',
        'v2 bytes',
        {},
        undefined,
        '/api/v2/method/upload_file',
      );
      assertStatus(v2, 200);
      assert.equal(v2.body.data.file_url, '/files/v2.txt');
      const dotted = await upload(
        server,
        'dotted.txt',
        'dotted',
        {},
        undefined,
        '/api/method/frappe.handler.upload_file',
      );
      assertStatus(dotted, 200);
      assert.equal(dotted.body.message.file_url, '/files/dotted.txt');
    });

    it('file_url registers a remote URL without downloading it (F10) and checks local ones', async () => {
      const remote = await upload(server, null, '', {
        file_url: 'https://cdn.example.com/a/logo.png',
      });
      assertStatus(remote, 200);
      assert.equal(remote.body.message.file_url, 'https://cdn.example.com/a/logo.png');
      assert.equal(remote.body.message.file_name, 'logo.png');
      assert.equal('content_hash' in remote.body.message, false);
      const local = await upload(server, null, '', {
        file_url: '/files/hello.txt',
        file_name: 'linked.txt',
      });
      assertStatus(local, 200);
      assert.equal(local.body.message.file_size, 12);
      await assertNothingStored(server, async () => {
        assertStatus(
          await upload(server, null, '', { file_url: '/files/../site_config.json' }),
          417,
          'ValidationError',
        );
        assertStatus(
          await upload(server, null, '', { file_url: '/files/missing.txt' }),
          417,
          'ValidationError',
        );
        assertStatus(
          await upload(server, null, '', { file_url: 'ftp://example.com/x' }),
          417,
          'ValidationError',
        );
        // Referencing a private file needs read access to it (v16).
        assertStatus(
          await upload(server, null, '', { file_url: '/private/files/invoice.pdf' }, USERS.other),
          403,
          'PermissionError',
        );
      });
    });

    it('a File inserted through the REST API with content (plain and base64)', async () => {
      const plain = await server.request('/api/resource/File', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ file_name: 'api.txt', content: 'from the api' }),
      });
      assert.equal(plain.status, 200);
      const data = ((await plain.json()) as { data: Record<string, unknown> }).data;
      assert.equal(data.file_url, '/files/api.txt');
      assert.equal(data.file_size, 12);
      assert.equal('content' in data, false);
      const encoded = await server.request('/api/resource/File', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({
          file_name: 'b64.txt',
          content: Buffer.from('decoded!').toString('base64'),
          decode: 1,
          is_private: 1,
        }),
      });
      assert.equal(encoded.status, 200);
      const served = await server.request('/private/files/b64.txt');
      assert.equal(await served.text(), 'decoded!');
    });

    it('frappe.client.attach_file stores base64 content and sets the Attach field', async () => {
      const response = await server.request('/api/method/frappe.client.attach_file', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({
          filename: 'scan.pdf',
          filedata: Buffer.from('%PDF-1.4 scan').toString('base64'),
          doctype: 'Customer',
          docname: 'CUST-00002',
          docfield: 'custom_scan',
          is_private: 1,
          decode_base64: 1,
        }),
      });
      const body = (await response.json()) as { message: Record<string, unknown> };
      assert.equal(response.status, 200, JSON.stringify(body));
      assert.equal(body.message.file_url, '/private/files/scan.pdf');
      assert.equal(body.message.attached_to_field, 'custom_scan');
      const customer = await server.request('/api/resource/Customer/CUST-00002');
      const doc = ((await customer.json()) as { data: Record<string, unknown> }).data;
      assert.equal(doc.custom_scan, '/private/files/scan.pdf');
    });

    it('F16: saving an Attach field links the unattached File of that URL', async () => {
      const answer = await upload(server, 'contract.pdf', '%PDF contract', { is_private: '1' });
      assertStatus(answer, 200);
      const saved = await server.request('/api/resource/Customer/CUST-00001', {
        method: 'PUT',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ custom_scan: '/private/files/contract.pdf' }),
      });
      assert.equal(saved.status, 200);
      const row = (await fileRows(server.t)).find((r) => r.name === answer.body.message.name);
      assert.equal(row?.attached_to_doctype, 'Customer');
      assert.equal(row?.attached_to_name, 'CUST-00001');
      assert.equal(row?.attached_to_field, 'custom_scan');
    });

    it('changing is_private moves the bytes and rewrites file_url', async () => {
      const answer = await upload(server, 'flip.txt', 'flip me');
      const name = answer.body.message.name as string;
      const response = await server.request(`/api/resource/File/${name}`, {
        method: 'PUT',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ is_private: 1 }),
      });
      const data = ((await response.json()) as { data: Record<string, unknown> }).data;
      assert.equal(response.status, 200, JSON.stringify(data));
      assert.equal(data.file_url, '/private/files/flip.txt');
      const names = await storedNames(server.t.site.path);
      assert.ok(names.includes('private/files/flip.txt'));
      assert.ok(!names.includes('public/files/flip.txt'));
      assert.equal((await server.request('/files/flip.txt', { user: 'Guest' })).status, 404);
    });

    it('an existing File cannot be re-pointed at other bytes', async () => {
      const mine = await upload(server, 'mine.txt', 'mine', {}, USERS.other);
      const response = await server.request(`/api/resource/File/${mine.body.message.name}`, {
        method: 'PUT',
        user: USERS.other,
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ file_url: '/private/files/invoice.pdf', is_private: 1 }),
      });
      assert.equal(response.status, 417);
      assert.equal(
        (await server.request('/private/files/invoice.pdf', { user: USERS.other })).status,
        403,
      );
    });

    it('F14: deleting a File keeps bytes another row uses, the last delete removes them', async () => {
      const first = await upload(server, 'shared.txt', 'shared bytes');
      const second = await upload(server, 'shared-copy.txt', 'shared bytes');
      assert.equal(second.body.message.file_url, '/files/shared.txt');
      const del = (name: string) =>
        server.request(`/api/resource/File/${name}`, { method: 'DELETE' });
      assert.equal((await del(second.body.message.name)).status, 202);
      assert.equal((await server.request('/files/shared.txt', { user: 'Guest' })).status, 200);
      assert.equal((await del(first.body.message.name)).status, 202);
      assert.equal((await server.request('/files/shared.txt', { user: 'Guest' })).status, 404);
      assert.ok(!(await storedNames(server.t.site.path)).includes('public/files/shared.txt'));
    });

    it('F15: deleting a document deletes its attachments and their bytes', async () => {
      const customer = await withContext(server.t.site, 'Administrator', (ctx) =>
        insertDoc(ctx, { doctype: 'Customer', customer_name: 'Doomed' }),
      );
      const answer = await upload(server, 'doomed.txt', 'doomed bytes', {
        doctype: 'Customer',
        docname: String(customer.name),
        is_private: '1',
      });
      assertStatus(answer, 200);
      const response = await server.request(`/api/resource/Customer/${String(customer.name)}`, {
        method: 'DELETE',
      });
      assert.equal(response.status, 202);
      const rows = await fileRows(server.t);
      assert.equal(
        rows.some((row) => row.attached_to_name === customer.name),
        false,
      );
      assert.ok(!(await storedNames(server.t.site.path)).includes('private/files/doomed.txt'));
    });

    it('the orphan sweep removes bytes without a row and staging leftovers, sparing young ones', async () => {
      const storage = await siteStorage(server.t.site);
      await storage.put(
        { area: 'private', name: 'orphan.bin' },
        Readable.from([Buffer.from('orphan')]),
      );
      const staged = await stageStream(server.t.site.path, Readable.from([Buffer.from('half')]));
      const young = await sweepFileOrphans(server.t.site, 60_000);
      assert.deepEqual(young, { staged: 0, incomplete: 0, orphans: 0, resumable: 0 });
      const names = await storedNames(server.t.site.path);
      const swept = await sweepFileOrphans(server.t.site, 0);
      assert.deepEqual(swept, { staged: 1, incomplete: 0, orphans: 1, resumable: 0 });
      const after = await storedNames(server.t.site.path);
      assert.deepEqual(
        names.filter((name) => !after.includes(name)).sort(),
        ['private/files/orphan.bin', `private/uploads-in-progress/${basename(staged.path)}`].sort(),
      );
      // Every File row still has its bytes.
      for (const row of await fileRows(server.t)) {
        const url = String(row.file_url);
        if (url.startsWith('/files/'))
          assert.ok(after.includes(`public/files/${url.slice(7)}`), url);
        if (url.startsWith('/private/files/'))
          assert.ok(after.includes(`private/files/${url.slice(15)}`), url);
      }
    });

    it('Home and Home/Attachments cannot be deleted', async () => {
      const response = await server.request('/api/resource/File/Home', { method: 'DELETE' });
      assert.equal(response.status, 417);
    });

    it('with method, the upload goes to that whitelisted method and no File is made', async () => {
      await assertNothingStored(server, async () => {
        const handed = await upload(server, 'scan.txt', HELLO, {
          method: 'files_test.api.inspect_upload',
          doctype: 'Customer',
          docname: 'CUST-00001',
        });
        assertStatus(handed, 200);
        assert.deepEqual(handed.body.message, {
          filename: 'scan.txt',
          file_url: null,
          size: HELLO.length,
          md5: HELLO_MD5,
          docname: 'CUST-00001',
        });
        const unknown = await upload(server, 'scan.txt', HELLO, { method: 'files_test.api.nope' });
        assertStatus(unknown, 417, 'ValidationError');
        // The checks of upload_file come first: no write permission, no hand-off.
        const refused = await upload(
          server,
          'scan.txt',
          HELLO,
          { method: 'files_test.api.inspect_upload', doctype: 'Customer', docname: 'CUST-00001' },
          USERS.reader,
        );
        assertStatus(refused, 403, 'PermissionError');
      });
    });

    it('frappe-js-sdk file.uploadFile works unchanged', async () => {
      const app = new FrappeApp(server.url, undefined, undefined, {
        [TEST_USER_HEADER]: 'Administrator',
      });
      const file = new File([Buffer.from('sdk bytes')], 'sdk.txt', { type: 'text/plain' });
      const result = (await app.file().uploadFile(file, {
        isPrivate: true,
        doctype: 'Customer',
        docname: 'CUST-00001',
        fieldname: 'custom_scan',
      })) as { data: { message: Record<string, unknown> } };
      assert.equal(result.data.message.file_url, '/private/files/sdk.txt');
      assert.equal(result.data.message.attached_to_name, 'CUST-00001');
    });

    describe('bad input leaves no File row and no bytes', () => {
      it('F7: over System Settings max_file_size is 417 MaxFileSizeReachedError; exactly the limit passes', async () => {
        await setSystemSettings(server, { max_file_size: 1 });
        try {
          await assertNothingStored(server, async () => {
            const answer = await upload(server, 'big.bin', new Uint8Array(1024 * 1024 + 1));
            assertStatus(answer, 417, 'MaxFileSizeReachedError');
            assert.match(
              JSON.stringify(answer.body),
              /File size exceeded the maximum allowed size of 1.0 MB/,
            );
          });
          assertStatus(await upload(server, 'exact.bin', new Uint8Array(1024 * 1024).fill(7)), 200);
        } finally {
          await setSystemSettings(server, { max_file_size: 0 });
        }
      });

      it('over the site transport cap is 413, streamed or with Content-Length', async () => {
        const config = server.t.site.config as Record<string, unknown>;
        const cap = config['max_file_size'];
        config['max_file_size'] = 64 * 1024;
        try {
          await assertNothingStored(server, async () => {
            assertStatus(
              await upload(server, 'huge.bin', new Uint8Array(200 * 1024)),
              413,
              'RequestEntityTooLarge',
            );
          });
        } finally {
          config['max_file_size'] = cap;
        }
      });

      it('a path in the file name is refused', async () => {
        await assertNothingStored(server, async () => {
          for (const name of ['../../etc/passwd', 'a/b.txt', '..\\x.txt', '.hidden']) {
            assertStatus(await upload(server, name, 'x'), 417, 'ValidationError');
          }
        });
      });

      it('a zero-byte file is refused', async () => {
        await assertNothingStored(server, async () => {
          assertStatus(await upload(server, 'empty.txt', ''), 417, 'ValidationError');
        });
      });

      it('a truncated multipart body is 417, not a 500', async () => {
        await assertNothingStored(server, async () => {
          const boundary = 'XyZ123';
          const body = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="cut.txt"\r\nContent-Type: text/plain\r\n\r\nhalf of the by`;
          const answer = await rawRequest(
            server,
            '/api/method/upload_file',
            {
              'Content-Type': `multipart/form-data; boundary=${boundary}`,
              [TEST_USER_HEADER]: 'Administrator',
            },
            body,
          );
          assertStatus(answer, 417, 'ValidationError');
        });
      });

      it('a body without a file part and without file_url is MandatoryError', async () => {
        await assertNothingStored(server, async () => {
          assertStatus(await upload(server, null, '', { is_private: '1' }), 417, 'MandatoryError');
        });
      });

      it('an unknown doctype is 404 and a document the user may not write is 403 (F5)', async () => {
        await assertNothingStored(server, async () => {
          const unknown = await upload(server, 'x.txt', 'x', {
            doctype: 'No Such Type',
            docname: 'X',
          });
          assertStatus(unknown, 404, 'DoesNotExistError');
          const readOnly = await upload(
            server,
            'x.txt',
            'x',
            { doctype: 'Customer', docname: 'CUST-00001', is_private: '1' },
            USERS.reader,
          );
          assertStatus(readOnly, 403, 'PermissionError');
        });
      });

      it('F9: allowed_file_extensions refuses other types, unknown extensions pass', async () => {
        await setSystemSettings(server, { allowed_file_extensions: 'PDF\nPNG' });
        try {
          await assertNothingStored(server, async () => {
            const answer = await upload(server, 'notes.txt', 'notes');
            assertStatus(answer, 417, 'FileTypeNotAllowed');
            assert.match(JSON.stringify(answer.body), /File type of TXT is not allowed/);
          });
          assertStatus(await upload(server, 'scan2.pdf', '%PDF'), 200);
          assertStatus(await upload(server, 'blob.unknownext', 'blob'), 200);
        } finally {
          await setSystemSettings(server, { allowed_file_extensions: '' });
        }
      });

      it('F8: Guests need allow_guests_to_upload_files and the short type list', async () => {
        await assertNothingStored(server, async () => {
          assertStatus(
            await upload(server, 'photo.png', 'png', {}, 'Guest'),
            403,
            'PermissionError',
          );
        });
        await setSystemSettings(server, { allow_guests_to_upload_files: 1 });
        try {
          assertStatus(await upload(server, 'photo.png', 'png', {}, 'Guest'), 200);
          await assertNothingStored(server, async () => {
            const exe = await upload(server, 'tool.exe', 'MZ', {}, 'Guest');
            assertStatus(exe, 417, 'ValidationError');
            assert.match(
              JSON.stringify(exe.body),
              /You can only upload JPG, PNG, PDF, TXT, CSV or Microsoft documents/,
            );
            assertStatus(
              await upload(server, 'page.html', '<p>', {}, USERS.website),
              417,
              'ValidationError',
            );
          });
          assertStatus(await upload(server, 'data.csv', 'a,b', {}, 'Guest'), 200);
        } finally {
          await setSystemSettings(server, { allow_guests_to_upload_files: 0 });
        }
      });
    });
  });
}
