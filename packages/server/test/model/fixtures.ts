import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { DocTypeJson } from '@cortado/protocol';
import { sourceFile } from '../helpers/source-tree.js';

const ROOT = fileURLToPath(new URL('../fixtures/doctypes/', sourceFile(import.meta.url)));

/** Every real Frappe/ERPNext definition under test/fixtures/doctypes, keyed by `frappe/todo.json`. */
export function fixtureDocTypes(): Map<string, DocTypeJson> {
  const files = new Map<string, DocTypeJson>();
  for (const folder of ['frappe', 'erpnext']) {
    for (const file of readdirSync(join(ROOT, folder)).filter((name) => name.endsWith('.json'))) {
      files.set(
        `${folder}/${file}`,
        JSON.parse(readFileSync(join(ROOT, folder, file), 'utf8')) as DocTypeJson,
      );
    }
  }
  return files;
}

export function fixture(path: string): DocTypeJson {
  const json = fixtureDocTypes().get(path);
  if (!json) throw new Error(`no fixture ${path}`);
  return json;
}
