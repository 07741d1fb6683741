import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { copyFile, mkdir, rename, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { BackupError } from '../../core/errors/index.js';
import { decryptFile } from '../../platform/crypto/backup-cipher.js';
import { restoreDatabase } from '../../platform/db/dump/database-dump.js';
import {
  BACKUP_FORMAT,
  readManifest,
  verifyPart,
  type BackupManifest,
  type BackupPart,
} from './manifest.js';
import { compareVersions, serverVersion } from './server-version.js';
import type { BackupTarget } from './take-backup.js';

export interface RestoreOptions {
  /** Also put back `public/files` and `private/files` from the set (Frappe's `--with-public-files --with-private-files`). */
  readonly withFiles?: boolean;
}

/**
 * Restores a backup set (named by its manifest or any of its files) over a
 * site. Everything is checked before the site is touched: the format, the
 * Cortado version that wrote it (a newer one is refused; an older one is
 * restored and must then be migrated), the engine, each part's checksum and,
 * for encrypted sets, each part's authentication tag. The database is then
 * swapped in whole (see `restoreDatabase`), so a failure leaves the old one.
 * Servers and workers of the site must be stopped.
 */
export async function restoreSite(
  site: BackupTarget,
  backup: string,
  options: RestoreOptions = {},
): Promise<BackupManifest> {
  const { manifest, dir } = await readManifest(backup);
  assertRestorable(manifest, site);
  const parts: BackupPart[] = [manifest.database];
  if (options.withFiles === true)
    for (const part of [manifest.public_files, manifest.private_files])
      if (part !== undefined) parts.push(part);
  const verified = await Promise.all(parts.map((part) => verifyPart(dir, part)));
  const staging = join(site.path, `.restore-${randomBytes(6).toString('hex')}`);
  await mkdir(staging);
  try {
    const plain = await Promise.all(
      verified.map(async (file, i) => {
        const target = join(staging, `part-${i}`);
        if (manifest.encrypted) await decryptFile(site.config.encryption_key, file, target);
        else await copyFile(file, target);
        return target;
      }),
    );
    const [database, ...archives] = plain as [string, ...string[]];
    if (archives.length > 0) await unpackFiles(staging, archives);
    await restoreDatabase(site.config, site.path, database);
    if (archives.length > 0) await swapFiles(site, staging);
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
  return manifest;
}

function assertRestorable(manifest: BackupManifest, site: BackupTarget): void {
  if (manifest.format !== BACKUP_FORMAT)
    throw new BackupError(
      `The backup has format ${String(manifest.format)}; this Cortado reads format ${BACKUP_FORMAT}`,
    );
  const running = serverVersion();
  if (compareVersions(String(manifest.cortado_version), running) > 0)
    throw new BackupError(
      `The backup was taken by Cortado ${manifest.cortado_version}, newer than this ${running}; upgrade Cortado before restoring it`,
    );
  if (manifest.db_type !== site.config.db_type)
    throw new BackupError(
      `The backup holds a ${manifest.db_type} database; the site ${site.name} uses ${site.config.db_type}`,
    );
  if (manifest.encrypted && !site.config.encryption_key)
    throw new BackupError(
      'The backup is encrypted and the site has no encryption_key: put back the site_config.json the backup was taken with',
    );
}

/** Unpacks the archives beside each other in the staging folder, before the database is touched. */
async function unpackFiles(staging: string, archives: string[]): Promise<void> {
  const tree = join(staging, 'tree');
  await mkdir(tree);
  // tar loads with the first restore of files, not in every process that could run one.
  const { extract: extractTar } = await import('tar');
  for (const archive of archives) {
    try {
      await extractTar({ file: archive, cwd: tree, strict: true });
    } catch (error) {
      throw new BackupError(
        `A files archive of the backup cannot be unpacked: ${(error as Error).message}`,
        {
          cause: error,
        },
      );
    }
  }
}

/** Moves the unpacked `public/files` and `private/files` in place of the site's. */
async function swapFiles(site: BackupTarget, staging: string): Promise<void> {
  for (const folder of ['public/files', 'private/files']) {
    const restored = join(staging, 'tree', folder);
    if (!existsSync(restored)) continue;
    const live = join(site.path, folder);
    const old = join(staging, 'old', folder);
    await mkdir(dirname(old), { recursive: true });
    await mkdir(dirname(live), { recursive: true });
    if (existsSync(live)) await rename(live, old);
    await rename(restored, live);
  }
}
