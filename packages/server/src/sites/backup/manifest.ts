import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { BackupError } from '../../core/errors/index.js';
import type { SiteConfig } from '../../core/config/site-config.js';

/** Bumped when the layout of a backup set changes. */
export const BACKUP_FORMAT = 1;

/** One stored file of a backup set. */
export interface BackupPart {
  /** File name, beside the manifest. */
  readonly file: string;
  readonly sha256: string;
  readonly bytes: number;
}

/** `<stamp>-<site>-manifest.json`: what a backup set holds and who wrote it. */
export interface BackupManifest {
  readonly format: number;
  readonly cortado_version: string;
  readonly site: string;
  readonly db_type: SiteConfig['db_type'];
  readonly created_at: string;
  readonly encrypted: boolean;
  readonly database: BackupPart;
  readonly public_files?: BackupPart;
  readonly private_files?: BackupPart;
}

/** SHA-256 of a file, hex, streamed. */
export async function sha256Of(file: string): Promise<string> {
  const hash = createHash('sha256');
  await pipeline(createReadStream(file), hash);
  return hash.digest('hex');
}

/**
 * The manifest of the set `path` belongs to: the manifest itself, or any
 * part of the set (the database file, as Frappe's `restore` takes).
 */
export async function readManifest(
  path: string,
): Promise<{ manifest: BackupManifest; dir: string }> {
  const dir = dirname(path);
  const stem = basename(path).replace(
    /-(manifest\.json|database\..*|files\..*|private-files\..*)$/,
    '',
  );
  const file = join(dir, `${stem}-manifest.json`);
  let manifest: BackupManifest;
  try {
    manifest = JSON.parse(await readFile(file, 'utf8')) as BackupManifest;
  } catch (error) {
    throw new BackupError(`No readable backup manifest at ${file}: ${(error as Error).message}`, {
      cause: error,
    });
  }
  if (
    typeof manifest !== 'object' ||
    manifest === null ||
    typeof manifest.database?.file !== 'string'
  )
    throw new BackupError(`${file} is not a Cortado backup manifest`);
  return { manifest, dir };
}

/** Throws unless the part's bytes are the ones the manifest recorded. */
export async function verifyPart(dir: string, part: BackupPart): Promise<string> {
  const file = join(dir, basename(part.file));
  let digest: string;
  try {
    digest = await sha256Of(file);
  } catch (error) {
    throw new BackupError(`Backup file ${file} cannot be read: ${(error as Error).message}`, {
      cause: error,
    });
  }
  if (digest !== part.sha256)
    throw new BackupError(
      `Backup file ${file} is damaged (its checksum does not match the manifest)`,
    );
  return file;
}
