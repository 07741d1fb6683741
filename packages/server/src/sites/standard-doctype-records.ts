import { createHash } from 'node:crypto';
import type { DocTypeJson } from '@cortado/protocol';
import type { Kysely } from 'kysely';
import type { Doc } from '../engine/doc.js';
import { docToRow } from '../engine/store/doc-store.js';
import type { Site } from '../engine/site.js';
import { nowDatetime } from '../engine/store/values.js';
import { withContext } from '../engine/runtime/with-context.js';
import type { Meta } from '../model/meta.js';

/** Rows per INSERT, well under every dialect's bound-parameter limit. */
const CHUNK = 100;

/**
 * Writes every DocType defined by the site's apps into `tabDocType` (with
 * its DocField and DocPerm rows) as a standard record (`custom` 0), as
 * Frappe's migrate does, so `GET /api/resource/DocType/User`, the DocType
 * list, DocField/DocPerm lists and Links to DocType see them. The app files
 * stay the source of truth: the records are rewritten on every migrate, and
 * the DocType controller refuses API edits to them. A custom DocType of the
 * same name keeps its own record. Missing Module Defs are created too.
 */
export async function syncStandardDocTypeRecords(site: Site): Promise<void> {
  if (!site.meta.has('DocType')) return;
  const definitions = site.apps.apps.flatMap((app) => app.doctypes);
  await withContext(
    site,
    'Administrator',
    async (ctx) => {
      const docTypeMeta = ctx.site.meta.getMeta('DocType');
      const db = ctx.uow.db;
      await ensureModuleDefs(site, ctx.uow.db, nowDatetime());
      const customRows = await db
        .selectFrom(docTypeMeta.tableName)
        .select('name')
        .where('custom', '=', 1)
        .execute();
      const custom = new Set(customRows.map((row) => String(row.name)));
      const standard = definitions.filter((definition) => !custom.has(definition.name));
      const names = standard.map((definition) => definition.name);
      if (names.length === 0) return;
      const tables = childTables(site, docTypeMeta);
      for (const part of chunks(names)) {
        for (const { meta } of tables)
          await db
            .deleteFrom(meta.tableName)
            .where('parenttype', '=', 'DocType')
            .where('parent', 'in', part)
            .execute();
        await db.deleteFrom(docTypeMeta.tableName).where('name', 'in', part).execute();
      }
      const stamp = nowDatetime();
      const parents = standard.map((definition) => docTypeRow(docTypeMeta, definition, stamp));
      for (const part of chunks(parents))
        await db.insertInto(docTypeMeta.tableName).values(part).execute();
      for (const { fieldname, meta } of tables) {
        const rows = standard.flatMap((definition) =>
          childRows(meta, definition, fieldname, stamp),
        );
        for (const part of chunks(rows)) await db.insertInto(meta.tableName).values(part).execute();
      }
    },
    { flags: { inInstall: true, ignorePermissions: true } },
  );
}

/**
 * A Module Def for every module the apps' DocTypes name (Frappe syncs each
 * app's `modules.txt`), so the records' `module` Links resolve when saved.
 */
async function ensureModuleDefs(site: Site, db: Kysely<any>, stamp: string): Promise<void> {
  if (!site.meta.has('Module Def')) return;
  const meta = site.meta.getMeta('Module Def');
  const wanted = new Map<string, string>();
  for (const app of site.apps.apps)
    for (const doctype of app.doctypes)
      if (typeof doctype.module === 'string' && doctype.module !== '')
        wanted.set(doctype.module, app.name);
  if (wanted.size === 0) return;
  const existing = await db
    .selectFrom(meta.tableName)
    .select('name')
    .where('name', 'in', [...wanted.keys()])
    .execute();
  for (const { name } of existing) wanted.delete(String(name));
  const rows = [...wanted].map(([module, app]) =>
    docToRow(meta, {
      doctype: 'Module Def',
      name: module,
      module_name: module,
      app_name: app,
      custom: 0,
      owner: 'Administrator',
      modified_by: 'Administrator',
      creation: stamp,
      modified: stamp,
      docstatus: 0,
      idx: 0,
    }),
  );
  for (const part of chunks(rows)) await db.insertInto(meta.tableName).values(part).execute();
}

/** The DocType DocType's child tables this site has (DocField, DocPerm, …). */
function childTables(site: Site, docTypeMeta: Meta): { fieldname: string; meta: Meta }[] {
  return docTypeMeta.tableFields
    .filter((field) => site.meta.has(field.options))
    .map((field) => ({ fieldname: field.fieldname, meta: site.meta.getMeta(field.options) }));
}

function standardStamps(definition: DocTypeJson, stamp: string): Partial<Doc> {
  const modified = typeof definition['modified'] === 'string' ? definition['modified'] : stamp;
  return {
    owner: 'Administrator',
    modified_by: 'Administrator',
    creation: typeof definition['creation'] === 'string' ? definition['creation'] : modified,
    modified,
    docstatus: 0,
  };
}

function docTypeRow(meta: Meta, definition: DocTypeJson, stamp: string): Record<string, unknown> {
  return docToRow(meta, {
    ...(definition as unknown as Doc),
    ...standardStamps(definition, stamp),
    doctype: 'DocType',
    name: definition.name,
    custom: 0,
    idx: 0,
  });
}

function childRows(
  meta: Meta,
  definition: DocTypeJson,
  fieldname: string,
  stamp: string,
): Record<string, unknown>[] {
  const rows = (definition as unknown as Record<string, unknown>)[fieldname];
  if (!Array.isArray(rows)) return [];
  return rows.map((row: Record<string, unknown>, index) =>
    docToRow(meta, {
      ...row,
      ...standardStamps(definition, stamp),
      doctype: meta.name,
      name: rowName(definition.name, fieldname, index),
      parent: definition.name,
      parenttype: 'DocType',
      parentfield: fieldname,
      idx: index + 1,
    }),
  );
}

/** A stable 10-character row name, so rewriting a definition keeps its rows' names. */
function rowName(doctype: string, fieldname: string, index: number): string {
  return createHash('sha256')
    .update(`${doctype}\0${fieldname}\0${index}`)
    .digest('hex')
    .slice(0, 10);
}

function chunks<T>(items: readonly T[]): T[][] {
  const parts: T[][] = [];
  for (let start = 0; start < items.length; start += CHUNK)
    parts.push(items.slice(start, start + CHUNK));
  return parts;
}
