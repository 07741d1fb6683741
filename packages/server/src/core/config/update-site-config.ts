import { renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readJsonFile } from './read-json-file.js';

/**
 * Merges `patch` into `<sitePath>/site_config.json` (or `fileName`) (a `null` value removes
 * the key) and writes it atomically, so a crash never leaves half a file.
 */
export function updateSiteConfig(
  sitePath: string,
  patch: Record<string, unknown>,
  fileName = 'site_config.json',
): void {
  const file = join(sitePath, fileName);
  const current = readJsonFile(file, fileName) ?? {};
  const next: Record<string, unknown> = { ...current, ...patch };
  for (const [key, value] of Object.entries(patch)) if (value === null) delete next[key];
  const temp = `${file}.${process.pid}.tmp`;
  writeFileSync(temp, `${JSON.stringify(next, null, 1)}\n`, { mode: 0o600 });
  renameSync(temp, file);
}
