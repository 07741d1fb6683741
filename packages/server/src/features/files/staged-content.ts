import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, readdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';

/** Folder of a site where upload bytes wait, hashed, until their File row is written. */
const STAGING_DIR = join('private', 'uploads-in-progress');

/**
 * Upload bytes held in a temporary file of the site while the File row is
 * validated: hashed on the way in, so nothing is ever buffered whole. The
 * controller moves them into storage; `discard` removes the temporary file.
 */
export class StagedContent {
  constructor(
    readonly path: string,
    readonly size: number,
    /** Lower-case hex MD5 (Frappe's `content_hash`). */
    readonly md5: string,
    /** Lower-case hex SHA-256: dedupe compares it too, so a crafted MD5 collision cannot alias bytes. */
    readonly sha256: string,
  ) {}

  open(): Readable {
    return createReadStream(this.path);
  }

  async discard(): Promise<void> {
    await rm(this.path, { force: true });
  }
}

/**
 * Streams `source` into a staging file of the site, hashing as it goes. On
 * any error (the source failing, a size limit) the partial file is removed
 * and the error rethrown.
 */
export async function stageStream(sitePath: string, source: Readable): Promise<StagedContent> {
  const dir = join(sitePath, STAGING_DIR);
  await mkdir(dir, { recursive: true });
  const path = join(dir, `${Date.now()}-${randomBytes(8).toString('hex')}`);
  const md5 = createHash('md5');
  const sha256 = createHash('sha256');
  let size = 0;
  const hasher = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      md5.update(chunk);
      sha256.update(chunk);
      size += chunk.length;
      done(null, chunk);
    },
  });
  try {
    await pipeline(source, hasher, createWriteStream(path, { flags: 'wx' }));
  } catch (error) {
    await rm(path, { force: true });
    throw error;
  }
  return new StagedContent(path, size, md5.digest('hex'), sha256.digest('hex'));
}

/** Stages bytes already in memory (API `content`, base64 attachments). */
export function stageBuffer(sitePath: string, bytes: Buffer): Promise<StagedContent> {
  return stageStream(sitePath, Readable.from([bytes]));
}

/**
 * Removes staging files older than `maxAgeMs`: what a crash during an upload
 * left behind (run at start and by the sweeper).
 */
export async function sweepStaging(
  sitePath: string,
  maxAgeMs: number,
  now = Date.now(),
): Promise<number> {
  const dir = join(sitePath, STAGING_DIR);
  let removed = 0;
  for (const name of await readdir(dir).catch(() => [] as string[])) {
    const path = join(dir, name);
    const info = await stat(path).catch(() => null);
    if (info !== null && now - info.mtimeMs >= maxAgeMs) {
      await rm(path, { force: true });
      removed++;
    }
  }
  return removed;
}
