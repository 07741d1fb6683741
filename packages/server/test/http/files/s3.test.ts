import assert from 'node:assert/strict';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { TEST_USER_HEADER } from '../../helpers/build-test-app.js';
import { DIALECTS } from '../../helpers/dialects.js';
import { startS3Server, type TestS3Server } from '../../helpers/s3-server.js';
import { startFilesServer, storedNames, uploadForm, type FilesServer } from './files.fixtures.js';

/*
 * A site with `file_storage: s3` against s3rver on loopback: the same upload,
 * serving and delete semantics, nothing on the local disk, and presigned
 * download redirects when configured.
 */

for (const dialect of DIALECTS) {
  describe(`S3 file storage on ${dialect}`, () => {
    let s3: TestS3Server;
    let server: FilesServer;
    before(async () => {
      s3 = await startS3Server();
      server = await startFilesServer(dialect, {
        file_storage: 's3',
        s3_bucket: s3.options.bucket,
        s3_region: s3.options.region,
        s3_endpoint: s3.options.endpoint ?? null,
        s3_access_key_id: s3.options.accessKeyId ?? null,
        s3_secret_access_key: s3.options.secretAccessKey ?? null,
        s3_force_path_style: true,
        // s3rver lacks ListParts, which resumable uploads in the bucket need (resumable-s3.test.ts).
        resumable_upload_storage: 'local',
      });
    });
    after(async () => {
      await server?.close();
      await s3?.close();
    });

    it('uploads go to the bucket, are served, deduplicated and deleted from it', async () => {
      const post = (name: string, bytes: string, fields: Record<string, string> = {}) =>
        server.request('/api/method/upload_file', {
          method: 'POST',
          body: uploadForm(name, bytes, fields),
        });
      const first = (await (
        await post('bucket.txt', 'in the bucket', { is_private: '1' })
      ).json()) as {
        message: Record<string, string>;
      };
      assert.equal(first.message.file_url, '/private/files/bucket.txt');
      const copy = (await (
        await post('copy.txt', 'in the bucket', { is_private: '1' })
      ).json()) as {
        message: Record<string, string>;
      };
      assert.equal(copy.message.file_url, '/private/files/bucket.txt');
      assert.deepEqual(await storedNames(server.t.site.path), [], 'nothing on the local disk');
      const served = await server.request('/private/files/bucket.txt', {
        headers: { Range: 'bytes=3-5' },
      });
      assert.equal(served.status, 206);
      assert.equal(await served.text(), 'the');
      for (const name of [first.message.name, copy.message.name]) {
        const response = await server.request(`/api/resource/File/${name}`, { method: 'DELETE' });
        assert.equal(response.status, 202);
      }
      assert.equal((await server.request('/private/files/bucket.txt')).status, 403);
    });

    it('with resumable_upload_storage: local, a tus upload collects its bytes on disk, then lands in the bucket', async () => {
      const bytes = Buffer.from('resumed into the bucket');
      const tus = { 'Tus-Resumable': '1.0.0', [TEST_USER_HEADER]: 'Administrator' };
      const created = await fetch(`${server.url}/api/method/upload_file/tus`, {
        method: 'POST',
        headers: {
          ...tus,
          'Upload-Length': String(bytes.length),
          'Upload-Metadata': `filename ${Buffer.from('tus.txt').toString('base64')}`,
        },
      });
      assert.equal(created.status, 201);
      const at = new URL(String(created.headers.get('location')), server.url);
      const patch = (offset: number, body: Buffer) =>
        fetch(at, {
          method: 'PATCH',
          headers: {
            ...tus,
            'Upload-Offset': String(offset),
            'Content-Type': 'application/offset+octet-stream',
          },
          body,
        });
      assert.equal((await patch(0, bytes.subarray(0, 7))).status, 204);
      const done = await patch(7, bytes.subarray(7));
      assert.equal(done.status, 200);
      const file = ((await done.json()) as { message: Record<string, string> }).message;
      assert.equal(file.file_url, '/files/tus.txt');
      assert.deepEqual(await storedNames(server.t.site.path), [], 'nothing on the local disk');
      assert.deepEqual(
        await readdir(join(server.t.site.path, 'private', 'resumable-uploads')),
        [],
        'the finished upload is gone',
      );
      assert.equal(await (await fetch(`${server.url}/files/tus.txt`)).text(), bytes.toString());
    });

    it('with s3_presigned_download_expiry, downloads redirect to a presigned URL after the check', async () => {
      await server.request('/api/method/upload_file', {
        method: 'POST',
        body: uploadForm('signed.pdf', '%PDF signed', { is_private: '1' }),
      });
      const config = server.t.site.config as Record<string, unknown>;
      config['s3_presigned_download_expiry'] = 60;
      try {
        assert.equal(
          (await server.request('/private/files/signed.pdf', { user: 'Guest' })).status,
          403,
        );
        const response = await server.request(
          '/api/method/download_file?file_url=/private/files/signed.pdf',
          {
            redirect: 'manual',
          },
        );
        assert.equal(response.status, 302);
        const location = response.headers.get('location') ?? '';
        assert.ok(location.startsWith(s3.options.endpoint ?? '-'), location);
        assert.equal(await (await fetch(location)).text(), '%PDF signed');
      } finally {
        config['s3_presigned_download_expiry'] = 0;
      }
    });
  });
}
