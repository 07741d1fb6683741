import type { Site } from '../../engine/site.js';
import { storageKey } from '../../platform/storage/file-storage.js';
import { siteStorage, urlOf } from './site-storage.js';
import { sweepResumableUploads } from './resumable-store.js';
import { sweepStaging } from './staged-content.js';

/** What one sweep removed. */
export interface SweepResult {
  /** Staging files of uploads that never finished. */
  readonly staged: number;
  /** Temporary files of interrupted storage writes. */
  readonly incomplete: number;
  /** Stored objects no File row points at. */
  readonly orphans: number;
  /** Resumable uploads older than `resumable_upload_expiry_seconds`. */
  readonly resumable: number;
}

/** Rows are looked up this many URLs at a time. */
const BATCH = 200;

/**
 * Removes what a crash can leave behind (files.md, "Crash safety"): bytes are
 * written before the File row commits, so a process killed in between leaves
 * stored bytes without a row, and one killed mid-upload leaves a staging
 * file. Only leftovers older than `graceMs` go, so uploads still running in
 * another process keep their bytes until they commit.
 */
export async function sweepFileOrphans(
  site: Site,
  graceMs: number,
  now = Date.now(),
): Promise<SweepResult> {
  const storage = await siteStorage(site);
  const staged = await sweepStaging(site.path, graceMs, now);
  const incomplete = (await storage.sweepIncomplete?.(graceMs, now)) ?? 0;
  const resumable = await sweepResumableUploads(site, now);
  let orphans = 0;
  for (const area of ['public', 'private'] as const) {
    const keys = (await storage.list(area)).flatMap((name) => storageKey(area, name) ?? []);
    for (let start = 0; start < keys.length; start += BATCH) {
      const batch = keys.slice(start, start + BATCH);
      const rows = await site.db.kysely
        .selectFrom('tabFile')
        .select('file_url')
        .where('file_url', 'in', batch.map(urlOf))
        .execute();
      const referenced = new Set(rows.map((row) => String(row.file_url)));
      for (const key of batch) {
        if (referenced.has(urlOf(key))) continue;
        const stored = await storage.stat(key);
        if (stored === null || now - stored.modifiedMs < graceMs) continue;
        await storage.delete(key);
        orphans++;
      }
    }
  }
  return { staged, incomplete, orphans, resumable };
}
