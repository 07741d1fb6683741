import { readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { JobFunction } from '../../engine/runtime/app-definition.js';
import { backupDir, backupSite } from './take-backup.js';

/** The job path of the scheduled backup, in the core app's `daily_long` hook. */
export const SCHEDULED_BACKUP_METHOD = 'frappe.utils.backups.scheduled_backup';

/**
 * The daily backup the scheduler runs on every site: nothing unless the
 * site sets `backup_scheduled`; then a backup set (with files when
 * `backup_with_files`, encrypted when `backup_encrypt`) in the site's backup
 * folder, keeping the newest `backup_limit` sets.
 */
export const scheduledBackup: JobFunction = async (_kwargs, ctx) => {
  const config = ctx.site.config;
  if (config['backup_scheduled'] !== true) return { skipped: true };
  const { manifestPath } = await backupSite(ctx.site, {
    withFiles: config['backup_with_files'] === true,
  });
  await pruneBackups(backupDir(ctx.site), config.backup_limit);
  return { manifest: manifestPath };
};

/** Removes every file of all but the newest `keep` sets (names start with their sortable stamp). */
export async function pruneBackups(dir: string, keep: number): Promise<void> {
  const files = await readdir(dir);
  const stems = files
    .filter((file) => file.endsWith('-manifest.json'))
    .map((file) => file.slice(0, -'-manifest.json'.length))
    .sort()
    .reverse();
  for (const stem of stems.slice(Math.max(keep, 1))) {
    await Promise.all(
      files
        .filter((file) => file.startsWith(`${stem}-`))
        .map((file) => rm(join(dir, file), { force: true })),
    );
  }
}
