import { readFileSync, readdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { DocTypeJson } from '@cortado/protocol';

const DIRECTORY = dirname(fileURLToPath(import.meta.url));

let cache: readonly DocTypeJson[] | undefined;

/**
 * The core app's DocTypes (User, Role, ToDo, Note, File, Webhook, OAuth …),
 * our own definitions in Frappe's JSON format with Frappe's DocType names
 * and fieldnames, one file per DocType in this folder.
 *
 * @example
 * const registry = createMetaRegistry(coreDocTypes().map(loadMeta));
 */
export function coreDocTypes(): DocTypeJson[] {
  cache ??= readdirSync(DIRECTORY)
    .filter((file) => file.endsWith('.json'))
    .sort()
    .map((file) => JSON.parse(readFileSync(`${DIRECTORY}/${file}`, 'utf8')) as DocTypeJson);
  return structuredClone([...cache]);
}
