import { readFileSync, readdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { DocTypeJson } from '@cortado/protocol';

const DIRECTORY = dirname(fileURLToPath(import.meta.url));

/**
 * The demo app's DocTypes, one Frappe DocType JSON file each in this folder,
 * with ERPNext's DocType names and fieldnames for what they have.
 */
export function demoDocTypes(): DocTypeJson[] {
  return readdirSync(DIRECTORY)
    .filter((file) => file.endsWith('.json'))
    .sort()
    .map((file) => JSON.parse(readFileSync(`${DIRECTORY}/${file}`, 'utf8')) as DocTypeJson);
}
