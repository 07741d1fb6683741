import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import S3rver from 's3rver';
import type { S3StorageOptions } from '../../src/platform/storage/s3/s3-storage.js';

/** A private S3 server on loopback (s3rver, files in a temp folder) with one bucket. */
export interface TestS3Server {
  /** Options for `createS3Storage` reaching this server's bucket. */
  readonly options: S3StorageOptions;
  close(): Promise<void>;
}

const BUCKET = 'cortado-test';

/**
 * Starts s3rver on a free port. Its fixed credentials are `S3RVER` / `S3RVER`.
 *
 * @example
 * const s3 = await startS3Server();
 * const storage = createS3Storage({ ...s3.options, prefix: 'site-a/' });
 */
export async function startS3Server(): Promise<TestS3Server> {
  const directory = await mkdtemp(join(tmpdir(), 'cortado-s3-'));
  const server = new S3rver({
    port: 0,
    address: '127.0.0.1',
    silent: true,
    directory,
    configureBuckets: [{ name: BUCKET, configs: [] }],
  });
  const address = (await server.run()) as { port: number };
  return {
    options: {
      bucket: BUCKET,
      region: 'us-east-1',
      endpoint: `http://127.0.0.1:${address.port}`,
      accessKeyId: 'S3RVER',
      secretAccessKey: 'S3RVER',
      forcePathStyle: true,
    },
    async close() {
      await server.close();
      await rm(directory, { recursive: true, force: true });
    },
  };
}
