import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { BackupError, ConfigError } from '../../core/errors/index.js';
import type { SiteConfig } from '../../core/config/site-config.js';
import { encryptFile } from '../../platform/crypto/backup-cipher.js';
import { DUMP_EXTENSIONS, dumpDatabase } from '../../platform/db/dump/database-dump.js';
import { BACKUP_FORMAT, sha256Of, type BackupManifest, type BackupPart } from './manifest.js';
import { serverVersion } from './server-version.js';

/** What a backup needs of a site: its folder and config (the dump tools open their own connection). */
export interface BackupTarget {
  readonly name: string;
  readonly path: string;
  readonly config: SiteConfig;
}

export interface BackupOptions {
  /** Also archive `public/files` and `private/files` (Frappe's `--with-files`). */
  readonly withFiles?: boolean;
  /** Encrypt every part with a key derived from the site's `encryption_key` (default: site config `backup_encrypt`). */
  readonly encrypt?: boolean;
  /** Where the set goes (default `<site>/private/backups`). */
  readonly dir?: string;
  readonly now?: Date;
}

export interface BackupResult {
  readonly manifestPath: string;
  readonly manifest: BackupManifest;
}

/** Where a site's backups go unless told otherwise, as in Frappe. */
export function backupDir(site: Pick<BackupTarget, 'path'>): string {
  return join(site.path, 'private', 'backups');
}

/**
 * Takes a backup set of a live site: a consistent dump of its database
 * (SQLite's online backup API, `pg_dump`, `mariadb-dump
 * --single-transaction`), optionally its files, optionally encrypted, and a
 * manifest with each part's checksum. Parts are written under temporary
 * names and the manifest last: a set without its manifest was never
 * finished. Any failure — a full disk, a missing dump tool — removes what
 * this backup wrote and throws.
 *
 * @example
 * const { manifestPath } = await backupSite(site, { withFiles: true });
 */
export async function backupSite(
  site: BackupTarget,
  options: BackupOptions = {},
): Promise<BackupResult> {
  const dir = options.dir ?? backupDir(site);
  const encrypt = options.encrypt ?? site.config['backup_encrypt'] === true;
  if (encrypt && !site.config.encryption_key)
    throw new ConfigError(
      'encryption_key is not set in site_config.json; cannot encrypt the backup',
    );
  await mkdir(dir, { recursive: true });
  const stem = freeStem(dir, site.name, options.now ?? new Date());
  const staging = join(dir, `.partial-${randomBytes(6).toString('hex')}`);
  const written: string[] = [];
  await mkdir(staging);
  try {
    const part = async (suffix: string, produce: (file: string) => Promise<void>) => {
      const raw = join(staging, suffix);
      await produce(raw);
      const file = `${stem}-${suffix}${encrypt ? '.enc' : ''}`;
      const partial = join(staging, `${file}.partial`);
      if (encrypt) await encryptFile(site.config.encryption_key, raw, partial);
      else await rename(raw, partial);
      const stored: BackupPart = {
        file,
        sha256: await sha256Of(partial),
        bytes: (await stat(partial)).size,
      };
      await rename(partial, join(dir, file));
      written.push(join(dir, file));
      return stored;
    };
    const database = await part(`database.${DUMP_EXTENSIONS[site.config.db_type]}`, (file) =>
      dumpDatabase(site.config, site.path, file),
    );
    const files: Partial<Record<'public_files' | 'private_files', BackupPart>> = {};
    if (options.withFiles === true) {
      for (const [key, suffix, folder] of [
        ['public_files', 'files.tar.gz', 'public/files'],
        ['private_files', 'private-files.tar.gz', 'private/files'],
      ] as const) {
        if (!existsSync(join(site.path, folder))) continue;
        // tar loads with the first backup of files, not in every process that could take one.
        const { create: createTar } = await import('tar');
        files[key] = await part(suffix, (file) =>
          createTar({ gzip: true, portable: true, file, cwd: site.path }, [folder]),
        );
      }
    }
    const manifest: BackupManifest = {
      format: BACKUP_FORMAT,
      cortado_version: serverVersion(),
      site: site.name,
      db_type: site.config.db_type,
      created_at: (options.now ?? new Date()).toISOString(),
      encrypted: encrypt,
      database,
      ...files,
    };
    const manifestPath = join(dir, `${stem}-manifest.json`);
    await writeFile(join(staging, 'manifest.partial'), JSON.stringify(manifest, null, 2));
    await rename(join(staging, 'manifest.partial'), manifestPath);
    return { manifestPath, manifest };
  } catch (error) {
    await Promise.all(written.map((file) => rm(file, { force: true })));
    if (error instanceof ConfigError || error instanceof BackupError) throw error;
    throw new BackupError(`Backup of ${site.name} failed, nothing was kept: ${reason(error)}`, {
      cause: error,
    });
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}

/** Frappe's `YYYYMMDD_HHMMSS-<site>` stem, with `_1`, `_2`… when a set of that second exists. */
function freeStem(dir: string, site: string, now: Date): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace('T', '_').slice(0, 15);
  const slug = site.replace(/[^\w.-]/g, '_');
  for (let n = 0; ; n += 1) {
    const stem = `${stamp}${n === 0 ? '' : `_${n}`}-${slug}`;
    if (!existsSync(join(dir, `${stem}-manifest.json`))) return stem;
  }
}

function reason(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOSPC' || /SQLITE_FULL|No space left/i.test(String((error as Error).message)))
    return 'no space left on the device';
  return (error as Error).message ?? String(error);
}
