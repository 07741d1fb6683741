import { spawn } from 'node:child_process';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { s3ClientConfig, type S3StorageOptions } from '../../src/platform/storage/s3/s3-storage.js';
import { DEBIAN_PYTHON } from './debian-python.js';
import type { TestS3Server } from './s3-server.js';
import { sourceFile } from './source-tree.js';

const LAUNCHER = fileURLToPath(new URL('./swift-s3/swift_s3.py', sourceFile(import.meta.url)));
const BUCKET = 'cortado-test';
/** Generous: a deadline is a failure report; a loaded machine starts Python slowly. */
const READY_TIMEOUT_MS = 120_000;

/**
 * An S3-compatible server on loopback that implements the whole multipart
 * API (ListParts included, which s3rver lacks): OpenStack Swift with its S3
 * API from Debian's `python3-swift` (scripts/debian-test-packages.txt), one
 * process, its data in a temp folder, one bucket. It exits with its test
 * process (it watches its standard input).
 *
 * @example
 * const s3 = await startSwiftS3Server();
 * const storage = createS3Storage({ ...s3.options, prefix: 'site-a/' });
 */
export interface SwiftS3Server extends TestS3Server {
  /** A client of the server's bucket, for tests that look behind the server under test. */
  readonly client: S3Client;
  /**
   * How many objects Swift holds on its disk, in every bucket and in the
   * hidden containers where it keeps multipart parts: what a test counts to
   * see that nothing was left behind.
   */
  storedObjects(): Promise<number>;
}

export async function startSwiftS3Server(): Promise<SwiftS3Server> {
  const directory = await mkdtemp(join(tmpdir(), 'cortado-swift-'));
  const child = spawn(DEBIAN_PYTHON, [LAUNCHER, directory], { stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    stderr = (stderr + chunk).slice(-4000);
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGKILL');
      await exited;
    }
    await rm(directory, { recursive: true, force: true });
  };
  let port: number;
  try {
    port = await readyPort(child.stdout, exited, () => stderr);
  } catch (error) {
    await stop();
    throw error;
  }
  const options: S3StorageOptions = {
    bucket: BUCKET,
    region: 'us-east-1',
    endpoint: `http://127.0.0.1:${port}`,
    accessKeyId: 'test:tester',
    secretAccessKey: 'testing',
    forcePathStyle: true,
  };
  const client = new S3Client(s3ClientConfig(options));
  await client.send(new CreateBucketCommand({ Bucket: BUCKET }));
  return {
    options,
    client,
    async storedObjects() {
      const files = await readdir(join(directory, 'srv'), { recursive: true });
      return files.filter((name) => name.endsWith('.data')).length;
    },
    async close() {
      client.destroy();
      await stop();
    },
  };
}

/** The port of the launcher's one ready line, or why it never came. */
async function readyPort(
  stdout: NodeJS.ReadableStream,
  exited: Promise<void>,
  stderr: () => string,
): Promise<number> {
  const lines = createInterface({ input: stdout });
  let timer: NodeJS.Timeout | undefined;
  const failure = (reason: string) =>
    new Error(
      `Swift S3 test server did not start (${reason}); it needs Debian's python3-swift ` +
        `(node scripts/ensure-test-tools.mjs installs it).\n${stderr()}`,
    );
  try {
    return await Promise.race([
      new Promise<number>((resolve, reject) => {
        lines.once('line', (line) => {
          const port = (JSON.parse(line) as { port?: unknown }).port;
          if (typeof port === 'number') resolve(port);
          else reject(failure(`unexpected first line ${line}`));
        });
      }),
      exited.then(() => Promise.reject(failure('it exited'))),
      new Promise<never>((_resolve, reject) => {
        timer = setTimeout(() => reject(failure('no answer in 120 s')), READY_TIMEOUT_MS);
      }),
    ]);
  } finally {
    clearTimeout(timer);
    lines.close();
  }
}
