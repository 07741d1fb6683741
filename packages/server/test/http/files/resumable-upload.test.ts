import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { Readable } from 'node:stream';
import { DefaultHttpStack, Upload, type HttpRequest, type HttpStack } from 'tus-js-client';
import { sweepFileOrphans } from '../../../src/features/files/index.js';
import { TEST_USER_HEADER } from '../../helpers/build-test-app.js';
import { DIALECTS } from '../../helpers/dialects.js';
import { waitFor } from '../../helpers/wait-for.js';
import {
  TUS,
  create,
  interruptedPatch,
  md5,
  offsetOf,
  patch,
  tusHeaders,
  tusMetadata,
} from './tus.fixtures.js';
import {
  USERS,
  fileRows,
  startFilesServer,
  storedNames,
  type FilesServer,
} from './files.fixtures.js';

/*
 * Resumable uploads (tus 1.0.0) at /api/method/upload_file/tus through a
 * real listening server: the real tus-js-client as the peer, an upload
 * interrupted in the middle of a PATCH and resumed from the server's offset,
 * and every refusal of upload_file before a byte is stored.
 */

const MB = 1024 * 1024;
const PIECE = 64 * 1024;

function resumableDir(server: FilesServer): string {
  return join(server.t.site.path, 'private', 'resumable-uploads');
}

async function resumableLeftovers(server: FilesServer): Promise<string[]> {
  return readdir(resumableDir(server)).catch(() => [] as string[]);
}

/** Runs `fn` and asserts it left no File row, no stored bytes and no resumable upload. */
async function assertNothingStored(server: FilesServer, fn: () => Promise<void>): Promise<void> {
  const rows = (await fileRows(server.t)).length;
  const names = await storedNames(server.t.site.path);
  const leftovers = await resumableLeftovers(server);
  await fn();
  assert.equal((await fileRows(server.t)).length, rows, 'no File row was added');
  assert.deepEqual(await storedNames(server.t.site.path), names, 'no bytes were stored');
  assert.deepEqual(await resumableLeftovers(server), leftovers, 'no resumable upload was kept');
}

async function assertRefused(response: Response, status: number, excType: string) {
  const body = (await response.json()) as Record<string, unknown>;
  assert.equal(response.status, status, JSON.stringify(body));
  assert.equal(body.exc_type, excType);
}

/**
 * tus-js-client's own HTTP stack, except that the body of the next PATCH
 * stops after `stallAt` bytes: once they are handed to the socket,
 * `onStalled` runs (the test aborts the upload there, in mid-request).
 */
class StallingHttpStack implements HttpStack {
  private readonly inner = new DefaultHttpStack({});
  constructor(
    private readonly stallAt: number,
    private readonly onStalled: () => void,
  ) {}

  createRequest(method: string, url: string): HttpRequest {
    const request = this.inner.createRequest(method, url);
    if (method !== 'PATCH') return request;
    const send = request.send.bind(request);
    const { stallAt, onStalled } = this;
    request.send = (body) => {
      const bytes = Buffer.from(body as Uint8Array).subarray(0, stallAt);
      let offset = 0;
      // Small pieces, so the pipe's backpressure has put the earlier ones on the socket.
      const stalled = new Readable({
        read() {
          if (offset >= bytes.length) return onStalled();
          this.push(bytes.subarray(offset, offset + PIECE));
          offset += PIECE;
        },
      });
      return send(stalled);
    };
    return request;
  }

  getName(): string {
    return 'stalling';
  }
}

/** The real tus-js-client: resolves with the last response's body, or `aborted`. */
function tusClientUpload(
  server: FilesServer,
  bytes: Buffer,
  metadata: Record<string, string>,
  options: { uploadUrl?: string; stallAt?: number } = {},
): Promise<{ aborted: boolean; url: string | null; body: string }> {
  return new Promise((resolve, reject) => {
    let aborting = false;
    const abort = () => {
      if (aborting) return;
      aborting = true;
      upload.abort().then(() => resolve({ aborted: true, url: upload.url, body: '' }), reject);
    };
    const upload: Upload = new Upload(bytes, {
      endpoint: server.url + TUS,
      ...(options.uploadUrl === undefined ? {} : { uploadUrl: options.uploadUrl }),
      ...(options.stallAt === undefined
        ? {}
        : { httpStack: new StallingHttpStack(options.stallAt, abort) }),
      metadata,
      headers: { [TEST_USER_HEADER]: 'Administrator' },
      retryDelays: [],
      onSuccess(payload) {
        resolve({ aborted: false, url: upload.url, body: payload.lastResponse.getBody() });
      },
      onError: reject,
    });
    upload.start();
  });
}

for (const dialect of DIALECTS) {
  describe(`resumable uploads (tus) on ${dialect}`, () => {
    let server: FilesServer;
    before(async () => {
      server = await startFilesServer(dialect, { max_file_size: 64 * MB });
    });
    after(async () => server?.close());

    it('tus-js-client: an upload aborted half way resumes from the offset and ends in a File', async () => {
      const bytes = randomBytes(8 * MB);
      const metadata = {
        filename: 'big scan.bin',
        doctype: 'Customer',
        docname: 'CUST-00001',
        fieldname: 'custom_scan',
        is_private: '1',
      };
      const first = await tusClientUpload(server, bytes, metadata, { stallAt: 4 * MB });
      assert.equal(first.aborted, true);
      const url = String(first.url);
      assert.match(url, new RegExp(`${TUS}/[0-9a-f]{32}$`));
      const half = await offsetOf(server, url);
      assert.equal(half.status, 200);
      assert.ok(half.offset > 0 && half.offset <= 4 * MB, `offset ${half.offset}`);
      assert.equal((await fileRows(server.t)).length, 0, 'no File before the last byte');

      const second = await tusClientUpload(server, bytes, metadata, { uploadUrl: url });
      assert.equal(second.aborted, false);
      const file = (JSON.parse(second.body) as { message: Record<string, unknown> }).message;
      assert.equal(file.file_name, 'big scan.bin');
      assert.equal(file.file_url, '/private/files/big scan.bin');
      assert.equal(file.is_private, 1);
      assert.equal(file.file_size, bytes.length);
      assert.equal(file.content_hash, md5(bytes));
      assert.equal(file.attached_to_doctype, 'Customer');
      assert.equal(file.attached_to_name, 'CUST-00001');
      assert.equal(file.attached_to_field, 'custom_scan');
      const served = await server.request('/private/files/big%20scan.bin');
      assert.equal(served.status, 200);
      assert.equal(md5(new Uint8Array(await served.arrayBuffer())), md5(bytes));
      // The finished upload is gone: its bytes now live only in the File's storage.
      assert.deepEqual(await resumableLeftovers(server), []);
      assert.equal((await offsetOf(server, url)).status, 404);
    });

    it('raw tus: a PATCH cut off mid-body, then HEAD and PATCH from the offset', async () => {
      const bytes = randomBytes(2 * MB);
      const created = await create(server, bytes.length, { filename: 'raw.bin' });
      assert.equal(created.status, 201, await created.clone().text());
      assert.equal(created.headers.get('tus-resumable'), '1.0.0');
      assert.ok(created.headers.get('upload-expires'), 'unfinished uploads expire');
      const location = String(created.headers.get('location'));
      assert.match(location, new RegExp(`^${TUS}/[0-9a-f]{32}$`));

      // What the cut PATCH keeps is what the server read before the reset (the
      // kernel may drop the rest, all of it on a busy machine); its handler may
      // still be storing it while the next requests come.
      await interruptedPatch(server, location, bytes, MB);
      const { status, offset } = await offsetOf(server, location);
      assert.equal(status, 200);
      assert.ok(offset >= 0 && offset <= MB, `offset ${offset}`);

      // A PATCH at the wrong offset is refused by the protocol (409), nothing appended.
      const wrong = offset === 0 ? 10 : 0;
      assert.equal((await patch(server, location, wrong, bytes.subarray(0, 10))).status, 409);

      // Resume as tus clients do: ask the offset, send the rest, ask again on 409.
      const done = await waitFor('the resumed upload to finish', async () => {
        const now = await offsetOf(server, location);
        assert.ok(now.offset >= offset && now.offset <= MB, `offset ${now.offset}`);
        const response = await patch(server, location, now.offset, bytes.subarray(now.offset));
        return response.status === 409 ? false : response;
      });
      const body = (await done.json()) as { message: Record<string, unknown> };
      assert.equal(done.status, 200, JSON.stringify(body));
      assert.equal(body.message.file_url, '/files/raw.bin');
      assert.equal(body.message.content_hash, md5(bytes));
      const served = await fetch(server.url + '/files/raw.bin');
      assert.equal(md5(new Uint8Array(await served.arrayBuffer())), md5(bytes));
    });

    it('creation-with-upload: a POST that carries every byte answers the File at once', async () => {
      const bytes = Buffer.from('all in one request');
      const response = await fetch(server.url + TUS, {
        method: 'POST',
        headers: tusHeaders('Administrator', {
          'Upload-Length': String(bytes.length),
          'Upload-Metadata': tusMetadata({ filename: 'oneshot.txt' }),
          'Content-Type': 'application/offset+octet-stream',
        }),
        body: bytes,
      });
      const body = (await response.json()) as { message: Record<string, unknown> };
      assert.equal(response.status, 200, JSON.stringify(body));
      assert.equal(body.message.file_url, '/files/oneshot.txt');
      assert.equal(body.message.content_hash, md5(bytes));
      // The upload is removed once tus has answered, so the client may see the answer first.
      await waitFor(
        'the finished upload is removed',
        async () => (await resumableLeftovers(server)).length === 0,
      );
    });

    it("CORS follows the site's allow_cors, never tus's own any-origin default", async () => {
      const config = server.t.site.config as Record<string, unknown>;
      const post = (origin: string) =>
        fetch(server.url + TUS, {
          method: 'POST',
          headers: tusHeaders('Administrator', {
            Origin: origin,
            'Upload-Length': '3',
            'Upload-Metadata': tusMetadata({ filename: 'cors.txt' }),
          }),
        });
      config['allow_cors'] = 'https://app.example.com';
      try {
        const allowed = await post('https://app.example.com');
        assert.equal(allowed.status, 201);
        assert.equal(allowed.headers.get('access-control-allow-origin'), 'https://app.example.com');
        assert.match(String(allowed.headers.get('access-control-expose-headers')), /Location/);
        const other = await post('https://evil.example.com');
        assert.equal(other.status, 201);
        assert.equal(other.headers.get('access-control-allow-origin'), null);
        for (const response of [allowed, other]) {
          await fetch(new URL(String(response.headers.get('location')), server.url), {
            method: 'DELETE',
            headers: tusHeaders('Administrator'),
          });
        }
      } finally {
        delete config['allow_cors'];
      }
    });

    it('only the creator may see, continue or abandon an upload', async () => {
      const created = await create(server, 10, { filename: 'mine.txt' }, USERS.owner);
      assert.equal(created.status, 201);
      const location = String(created.headers.get('location'));
      assert.equal((await offsetOf(server, location, USERS.other)).status, 404);
      const foreign = await patch(server, location, 0, Buffer.from('0123456789'), USERS.other);
      await assertRefused(foreign, 404, 'DoesNotExistError');
      // A client cannot claim another owner through its metadata.
      const claimed = await create(server, 10, { filename: 'x.txt', owner: USERS.other });
      const claimedAt = String(claimed.headers.get('location'));
      assert.equal((await offsetOf(server, claimedAt, USERS.other)).status, 404);
      for (const [at, user] of [
        [location, USERS.owner],
        [claimedAt, 'Administrator'],
      ] as const) {
        const removed = await fetch(new URL(at, server.url), {
          method: 'DELETE',
          headers: tusHeaders(user),
        });
        assert.equal(removed.status, 204);
      }
      assert.deepEqual(await resumableLeftovers(server), []);
      // Ids are one plain segment: a path in one reaches nothing.
      for (const id of ['..%2F..%2Fsite_config.json', '%00', 'a%5C..%5Cb']) {
        assert.equal((await offsetOf(server, `${TUS}/${id}`)).status, 404, id);
      }
    });

    describe('refusals come before any byte is stored', () => {
      it('over max_file_size: 417 from System Settings, 413 over the site cap', async () => {
        await assertNothingStored(server, async () => {
          await assertRefused(
            await create(server, 65 * MB, { filename: 'huge.bin' }),
            413,
            'RequestEntityTooLarge',
          );
          await server.request('/api/resource/System Settings/System Settings', {
            method: 'PUT',
            headers: { 'Content-Type': 'application/json' },
            body: JSON.stringify({ max_file_size: 1 }),
          });
          try {
            await assertRefused(
              await create(server, MB + 1, { filename: 'big.bin' }),
              417,
              'MaxFileSizeReachedError',
            );
          } finally {
            await server.request('/api/resource/System Settings/System Settings', {
              method: 'PUT',
              headers: { 'Content-Type': 'application/json' },
              body: JSON.stringify({ max_file_size: 0 }),
            });
          }
        });
      });

      it('a disallowed extension, a path in the name, an empty file, no length', async () => {
        await assertNothingStored(server, async () => {
          await server.request('/api/resource/System Settings/System Settings', {
            method: 'PUT',
            headers: { 'Content-Type': 'application/json' },
            body: JSON.stringify({ allowed_file_extensions: 'PDF\nPNG' }),
          });
          try {
            await assertRefused(
              await create(server, 5, { filename: 'a.txt' }),
              417,
              'FileTypeNotAllowed',
            );
          } finally {
            await server.request('/api/resource/System Settings/System Settings', {
              method: 'PUT',
              headers: { 'Content-Type': 'application/json' },
              body: JSON.stringify({ allowed_file_extensions: '' }),
            });
          }
          await assertRefused(
            await create(server, 5, { filename: '../../etc/passwd' }),
            417,
            'ValidationError',
          );
          const nameless = await create(server, 5, { doctype: 'Customer', docname: 'CUST-00001' });
          assert.equal(nameless.status, 417, await nameless.clone().text());
          await assertRefused(
            await create(server, 0, { filename: 'empty.txt' }),
            417,
            'ValidationError',
          );
          const deferred = await fetch(server.url + TUS, {
            method: 'POST',
            headers: tusHeaders('Administrator', {
              'Upload-Defer-Length': '1',
              'Upload-Metadata': tusMetadata({ filename: 'later.txt' }),
            }),
          });
          await assertRefused(deferred, 417, 'ValidationError');
          const garbled = await fetch(server.url + TUS, {
            method: 'POST',
            headers: tusHeaders('Administrator', {
              'Upload-Length': '5',
              'Upload-Metadata': 'filename ***',
            }),
          });
          await assertRefused(garbled, 417, 'ValidationError');
        });
      });

      it('an unknown doctype is 404, a document the user may not write 403, Guests 403', async () => {
        await assertNothingStored(server, async () => {
          await assertRefused(
            await create(server, 5, { filename: 'a.txt', doctype: 'Nope', docname: 'x' }),
            404,
            'DoesNotExistError',
          );
          await assertRefused(
            await create(
              server,
              5,
              { filename: 'a.txt', doctype: 'Customer', docname: 'CUST-00002' },
              USERS.reader,
            ),
            403,
            'PermissionError',
          );
          await assertRefused(
            await create(server, 5, { filename: 'a.txt' }, 'Guest'),
            403,
            'PermissionError',
          );
        });
      });

      it('Website Users and allowed Guests get the short type list; an allowed Guest finishes', async () => {
        await assertNothingStored(server, async () => {
          await assertRefused(
            await create(server, 5, { filename: 'page.html' }, USERS.website),
            417,
            'ValidationError',
          );
        });
        const settings = (values: Record<string, unknown>) =>
          server.request('/api/resource/System Settings/System Settings', {
            method: 'PUT',
            headers: { 'Content-Type': 'application/json' },
            body: JSON.stringify(values),
          });
        await settings({ allow_guests_to_upload_files: 1 });
        try {
          await assertRefused(
            await create(server, 5, { filename: 'run.sh' }, 'Guest'),
            417,
            'ValidationError',
          );
          const created = await create(server, 5, { filename: 'guest.txt' }, 'Guest');
          assert.equal(created.status, 201);
          const location = String(created.headers.get('location'));
          const done = await patch(server, location, 0, Buffer.from('guest'), 'Guest');
          const body = (await done.json()) as { message: Record<string, unknown> };
          assert.equal(done.status, 200, JSON.stringify(body));
          assert.equal(body.message.file_url, '/files/guest.txt');
          assert.equal(body.message.owner, 'Guest');
        } finally {
          await settings({ allow_guests_to_upload_files: 0 });
        }
      });

      it('a rule broken between creation and the last byte refuses the File and drops the bytes', async () => {
        const contract = (await (
          await server.request('/api/resource/Contract', {
            method: 'POST',
            headers: { 'Content-Type': 'application/json' },
            body: JSON.stringify({ customer_name: 'Late limit' }),
          })
        ).json()) as { data: { name: string } };
        const target = { doctype: 'Contract', docname: contract.data.name };
        const created = await create(server, 4, { filename: 'late.txt', ...target });
        assert.equal(created.status, 201);
        for (const name of ['a.txt', 'b.txt']) {
          const form = new FormData();
          for (const [key, value] of Object.entries(target)) form.append(key, value);
          form.append('file', new Blob([name]), name);
          const attached = await server.request('/api/method/upload_file', {
            method: 'POST',
            body: form,
          });
          assert.equal(attached.status, 200);
        }
        const rows = (await fileRows(server.t)).length;
        const names = await storedNames(server.t.site.path);
        const last = await patch(
          server,
          String(created.headers.get('location')),
          0,
          Buffer.from('late'),
        );
        await assertRefused(last, 417, 'AttachmentLimitReached');
        assert.equal((await fileRows(server.t)).length, rows);
        assert.deepEqual(await storedNames(server.t.site.path), names);
        assert.deepEqual(await resumableLeftovers(server), []);
      });
    });

    it('abandoned uploads are swept once older than resumable_upload_expiry_seconds', async () => {
      const created = await create(server, 100, { filename: 'abandoned.bin' });
      const location = String(created.headers.get('location'));
      assert.equal((await patch(server, location, 0, randomBytes(40))).status, 204);
      const young = await sweepFileOrphans(server.t.site, 0);
      assert.equal(young.resumable, 0);
      assert.notDeepEqual(await resumableLeftovers(server), []);
      const old = await sweepFileOrphans(server.t.site, 0, Date.now() + 86_401_000);
      assert.equal(old.resumable, 1);
      assert.deepEqual(await resumableLeftovers(server), []);
      assert.equal((await offsetOf(server, location)).status, 404);
    });
  });
}

for (const dialect of DIALECTS) {
  describe(`expired resumable uploads on a long-running server on ${dialect}`, () => {
    let server: FilesServer;
    before(async () => {
      // Uploads expire a millisecond after their creation.
      server = await startFilesServer(dialect, { resumable_upload_expiry_seconds: 0.001 });
    });
    after(async () => server?.close());

    it('creating an upload sweeps the expired ones without a restart', async () => {
      const first = await create(server, 10, { filename: 'first.txt' });
      assert.equal(first.status, 201);
      const firstAt = String(first.headers.get('location'));
      assert.equal((await create(server, 10, { filename: 'second.txt' })).status, 201);
      await waitFor('the expired upload is swept', async () => {
        return (await offsetOf(server, firstAt)).status === 404;
      });
    });
  });
}
