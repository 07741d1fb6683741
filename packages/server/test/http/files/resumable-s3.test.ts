import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  CreateBucketCommand,
  HeadObjectCommand,
  ListMultipartUploadsCommand,
  ListObjectsV2Command,
  ListPartsCommand,
  PutObjectCommand,
} from '@aws-sdk/client-s3';
import { Upload } from 'tus-js-client';
import { sweepResumableUploads } from '../../../src/features/files/index.js';
import { TEST_USER_HEADER } from '../../helpers/build-test-app.js';
import { DIALECTS } from '../../helpers/dialects.js';
import { waitFor } from '../../helpers/wait-for.js';
import { startSwiftS3Server, type SwiftS3Server } from '../../helpers/swift-s3-server.js';
import { USERS, fileRows, startFilesServer, type FilesServer } from './files.fixtures.js';
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

/*
 * Resumable uploads of an S3 site kept in its bucket (`@tus/s3-store`: one
 * S3 multipart upload per tus upload, resumed with ListParts), against a
 * real S3 API that implements it: OpenStack Swift's, started once for this
 * file, one bucket per dialect.
 */

const MB = 1024 * 1024;
/** The first PATCH of an upload: above S3's 5 MiB minimum part, so it becomes a part. */
const FIRST = 5.5 * MB;

let swift: SwiftS3Server;
before(async () => {
  swift = await startSwiftS3Server();
});
after(async () => swift?.close());

for (const dialect of DIALECTS) {
  describe(`resumable uploads in the S3 bucket on ${dialect}`, () => {
    const bucket = `cortado-tus-${dialect}`;
    let server: FilesServer;
    let prefix: string;
    before(async () => {
      await swift.client.send(new CreateBucketCommand({ Bucket: bucket }));
      server = await startFilesServer(dialect, {
        max_file_size: 64 * MB,
        file_storage: 's3',
        s3_bucket: bucket,
        s3_region: swift.options.region,
        s3_endpoint: swift.options.endpoint ?? null,
        s3_access_key_id: swift.options.accessKeyId ?? null,
        s3_secret_access_key: swift.options.secretAccessKey ?? null,
        s3_force_path_style: true,
      });
      prefix = `${server.t.site.name}/resumable-uploads/`;
    });
    after(async () => server?.close());

    /** Keys and unfinished multipart uploads of resumable uploads in the bucket. */
    async function uploadsInBucket(): Promise<{ keys: string[]; multipart: string[] }> {
      const objects = await swift.client.send(
        new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix }),
      );
      const uploads = await swift.client.send(
        new ListMultipartUploadsCommand({ Bucket: bucket, Prefix: prefix }),
      );
      return {
        keys: (objects.Contents ?? []).map((item) => String(item.Key)),
        multipart: (uploads.Uploads ?? []).map((upload) => String(upload.UploadId)),
      };
    }

    async function multipartOf(location: string) {
      const key = prefix + location.slice(location.lastIndexOf('/') + 1);
      const uploads = await swift.client.send(
        new ListMultipartUploadsCommand({ Bucket: bucket, Prefix: key }),
      );
      const uploadId = String(uploads.Uploads?.[0]?.UploadId);
      const parts = await swift.client.send(
        new ListPartsCommand({ Bucket: bucket, Key: key, UploadId: uploadId }),
      );
      return { key, uploadId, parts: parts.Parts ?? [] };
    }

    function localResumableDir(): Promise<string[]> {
      return readdir(join(server.t.site.path, 'private', 'resumable-uploads')).catch(() => []);
    }

    it('an upload cut off half way resumes from its S3 parts and lands in the bucket as one object', async () => {
      const bytes = randomBytes(8 * MB);
      const created = await create(server, bytes.length, {
        filename: 'big scan.bin',
        doctype: 'Customer',
        docname: 'CUST-00001',
        fieldname: 'custom_scan',
        is_private: '1',
      });
      assert.equal(created.status, 201, await created.clone().text());
      assert.ok(created.headers.get('upload-expires'), 'unfinished uploads expire');
      const location = String(created.headers.get('location'));
      assert.match(location, new RegExp(`^${TUS}/[0-9a-f]{32}$`));

      // One whole PATCH: above S3's minimum part, so it is a part in the bucket, not on disk.
      const first = await patch(server, location, 0, bytes.subarray(0, FIRST));
      assert.equal(first.status, 204);
      assert.equal((await multipartOf(location)).parts.length, 1);
      assert.deepEqual(await localResumableDir(), []);

      // Bad offsets are refused by the protocol and change nothing.
      assert.equal((await patch(server, location, 0, bytes.subarray(0, 10))).status, 409);
      assert.equal(
        (await patch(server, location, bytes.length - 1, bytes.subarray(-1))).status,
        409,
      );
      const garbled = await fetch(new URL(location, server.url), {
        method: 'PATCH',
        headers: tusHeaders('Administrator', {
          'Upload-Offset': '-1',
          'Content-Type': 'application/offset+octet-stream',
        }),
        body: bytes.subarray(0, 10),
      });
      assert.equal(garbled.status, 400);
      assert.equal((await offsetOf(server, location)).offset, FIRST);

      // A PATCH cut off in the middle of its body; what it keeps depends on how much
      // reached the server, and its handler may still run after the client is gone.
      await interruptedPatch(server, location, bytes.subarray(FIRST), 2 * MB, FIRST);
      assert.equal((await fileRows(server.t)).length, 0, 'no File before the last byte');
      // Resume as tus clients do: ask the offset, send the rest, ask again on 409.
      const done = await waitFor('the resumed upload to finish', async () => {
        const { offset } = await offsetOf(server, location);
        assert.ok(offset >= FIRST && offset < bytes.length, `offset ${offset}`);
        const response = await patch(server, location, offset, bytes.subarray(offset));
        return response.status === 409 ? false : response;
      });
      const body = (await done.json()) as { message: Record<string, unknown> };
      assert.equal(done.status, 200, JSON.stringify(body));
      const file = body.message;
      assert.equal(file.file_url, '/private/files/big scan.bin');
      assert.equal(file.file_size, bytes.length);
      assert.equal(file.content_hash, md5(bytes));
      assert.equal(file.attached_to_name, 'CUST-00001');

      // The File's bytes are one object of the site's private area in the bucket.
      const object = await swift.client.send(
        new HeadObjectCommand({
          Bucket: bucket,
          Key: `${server.t.site.name}/private/files/big scan.bin`,
        }),
      );
      assert.equal(object.ContentLength, bytes.length);
      const served = await server.request('/private/files/big%20scan.bin');
      assert.equal(served.status, 200);
      assert.equal(md5(new Uint8Array(await served.arrayBuffer())), md5(bytes));
      const range = await server.request('/private/files/big%20scan.bin', {
        headers: { Range: 'bytes=100-199' },
      });
      assert.equal(range.status, 206);
      assert.deepEqual(Buffer.from(await range.arrayBuffer()), bytes.subarray(100, 200));
      assert.equal(
        (await server.request('/private/files/big%20scan.bin', { user: 'Guest' })).status,
        403,
      );
      assert.equal(
        (await server.request('/private/files/big%20scan.bin', { user: USERS.other })).status,
        403,
      );
      // Its 8 MB are read: a body left unread holds the connection open, and the server's close with it.
      const read = await server.request('/private/files/big%20scan.bin', { user: USERS.reader });
      assert.equal(read.status, 200);
      assert.equal((await read.arrayBuffer()).byteLength, bytes.length);

      // The upload itself is gone from the bucket once it became a File.
      assert.deepEqual(await uploadsInBucket(), { keys: [], multipart: [] });
      assert.equal((await offsetOf(server, location)).status, 404);
    });

    it('tus-js-client, unchanged: a public upload is served to anyone from the bucket', async () => {
      const bytes = randomBytes(2 * MB);
      const answer = await new Promise<string>((resolve, reject) => {
        const upload = new Upload(bytes, {
          endpoint: server.url + TUS,
          metadata: { filename: 'public.bin' },
          headers: { [TEST_USER_HEADER]: 'Administrator' },
          // Chunks below S3's 5 MiB minimum part wait as `<id>.part` until the next one.
          chunkSize: MB,
          retryDelays: [],
          onSuccess: (payload) => resolve(payload.lastResponse.getBody()),
          onError: reject,
        });
        upload.start();
      });
      const file = (JSON.parse(answer) as { message: Record<string, unknown> }).message;
      assert.equal(file.file_url, '/files/public.bin');
      const served = await fetch(`${server.url}/files/public.bin`);
      assert.equal(served.status, 200);
      assert.equal(md5(new Uint8Array(await served.arrayBuffer())), md5(bytes));
      const object = await swift.client.send(
        new HeadObjectCommand({
          Bucket: bucket,
          Key: `${server.t.site.name}/public/files/public.bin`,
        }),
      );
      assert.equal(object.ContentLength, bytes.length);
      assert.deepEqual(await uploadsInBucket(), { keys: [], multipart: [] });
    });

    it('creation-with-upload: a POST with every byte answers the File, and leaves nothing in the bucket', async () => {
      const bytes = Buffer.from('all in one request');
      const response = await fetch(server.url + TUS, {
        method: 'POST',
        headers: tusHeaders('Administrator', {
          'Upload-Length': String(bytes.length),
          'Upload-Metadata': tusMetadata({ filename: 'oneshot.txt', is_private: '1' }),
          'Content-Type': 'application/offset+octet-stream',
        }),
        body: bytes,
      });
      const body = (await response.json()) as { message: Record<string, unknown> };
      assert.equal(response.status, 200, JSON.stringify(body));
      assert.equal(body.message.file_url, '/private/files/oneshot.txt');
      assert.equal(
        await (await server.request('/private/files/oneshot.txt')).text(),
        String(bytes),
      );
      // The upload is removed once tus has answered, so the client may see the answer first.
      await waitFor('the finished upload to leave the bucket', async () => {
        const left = await uploadsInBucket();
        return left.keys.length === 0 && left.multipart.length === 0;
      });
    });

    it('a cancelled upload leaves no part behind, and only its creator may cancel it', async () => {
      const objectsBefore = await swift.storedObjects();
      const bytes = randomBytes(6 * MB);
      const created = await create(server, bytes.length, { filename: 'cancelled.bin' });
      assert.equal(created.status, 201);
      const location = String(created.headers.get('location'));
      assert.equal((await patch(server, location, 0, bytes.subarray(0, FIRST))).status, 204);
      const { key, uploadId, parts } = await multipartOf(location);
      assert.ok(parts.length >= 1, 'a part is stored before the cancel');
      assert.ok((await swift.storedObjects()) > objectsBefore);

      const stranger = await fetch(new URL(location, server.url), {
        method: 'DELETE',
        headers: tusHeaders(USERS.manager),
      });
      assert.equal(stranger.status, 404);
      assert.equal(((await stranger.json()) as { exc_type: string }).exc_type, 'DoesNotExistError');

      const cancelled = await fetch(new URL(location, server.url), {
        method: 'DELETE',
        headers: tusHeaders('Administrator'),
      });
      assert.equal(cancelled.status, 204);
      assert.deepEqual(await uploadsInBucket(), { keys: [], multipart: [] });
      await assert.rejects(
        swift.client.send(new ListPartsCommand({ Bucket: bucket, Key: key, UploadId: uploadId })),
        { name: 'NoSuchUpload' },
      );
      // Behind the S3 API too: Swift holds no object (part, info, segment) more than before.
      assert.equal(await swift.storedObjects(), objectsBefore);
      assert.equal((await offsetOf(server, location)).status, 404);
      assert.equal((await patch(server, location, 0, bytes.subarray(0, 10))).status, 404);
      assert.equal(
        (await fileRows(server.t)).filter((row) => row.file_name === 'cancelled.bin').length,
        0,
      );
    });

    it('the sweep removes expired uploads of this site from the bucket, and only those', async () => {
      const bytes = randomBytes(MB);
      const created = await create(server, bytes.length, { filename: 'abandoned.bin' });
      const location = String(created.headers.get('location'));
      // Half of it: short of a part, it waits in `<id>.part`.
      assert.equal((await patch(server, location, 0, bytes.subarray(0, MB / 2))).status, 204);
      assert.equal((await uploadsInBucket()).multipart.length, 1);
      // Another site's upload in the same bucket.
      const foreign = `elsewhere.example/resumable-uploads/x.info`;
      await swift.client.send(new PutObjectCommand({ Bucket: bucket, Key: foreign, Body: '{}' }));
      assert.equal(await sweepResumableUploads(server.t.site), 0, 'not expired yet');
      const later = Date.now() + 2 * 86_400_000;
      assert.equal(await sweepResumableUploads(server.t.site, later), 1);
      assert.deepEqual(await uploadsInBucket(), { keys: [], multipart: [] });
      assert.equal((await offsetOf(server, location)).status, 404);
      const others = await swift.client.send(
        new ListObjectsV2Command({ Bucket: bucket, Prefix: 'elsewhere.example/' }),
      );
      assert.deepEqual(
        others.Contents?.map((item) => item.Key),
        [foreign],
      );
    });
  });
}
