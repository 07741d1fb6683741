import type { DocPermJson } from '@cortado/protocol';
import type { Kysely } from 'kysely';
import { loadDocPerm } from '../../model/load-docfield.js';
import type { DocPerm, Meta } from '../../model/meta.js';
import type { Context } from '../context.js';
import { PERMISSION_TYPES } from '../permissions/rights.js';
import type { Site } from '../site.js';

/** Columns of a Custom DocPerm row that a DocPerm carries. */
const PERM_COLUMNS = ['role', 'permlevel', 'if_owner', ...PERMISSION_TYPES];

/** The standard rows of a Meta whose rows were replaced by Custom DocPerm rows. */
const standardRows = new WeakMap<Meta, readonly DocPerm[]>();

/** Every DocType's Custom DocPerm rows, by DocType, in row order. */
export type CustomPerms = ReadonlyMap<string, readonly DocPerm[]>;

/** Reads every Custom DocPerm row (Role Permission Manager); empty when the site lacks the DocType. */
export async function loadCustomPerms(site: Site, db: Kysely<any>): Promise<CustomPerms> {
  const byDoctype = new Map<string, DocPerm[]>();
  if (!site.meta.has('Custom DocPerm')) return byDoctype;
  const rows = await db
    .selectFrom('tabCustom DocPerm')
    .select(['parent', ...PERM_COLUMNS])
    .orderBy('parent')
    .orderBy('idx')
    .execute();
  for (const row of rows) {
    const list = byDoctype.get(String(row.parent)) ?? [];
    list.push(loadDocPerm(row as DocPermJson));
    byDoctype.set(String(row.parent), list);
  }
  return byDoctype;
}

/**
 * Makes the registry's rows match `custom` (docs/spec/permissions.md §2.2): a DocType
 * with Custom DocPerm rows uses only those, the others their standard rows
 * (restored when their custom rows were removed). Child DocTypes and the
 * permission DocTypes themselves keep their own rows.
 */
export function applyCustomPerms(site: Site, custom: CustomPerms): void {
  for (const meta of site.meta.all()) {
    if (meta.istable || EXEMPT.has(meta.name)) continue;
    const standard = standardRows.get(meta) ?? meta.permissions;
    const rows = custom.get(meta.name);
    if (rows === undefined && !standardRows.has(meta)) continue;
    const next = Object.freeze({ ...meta, permissions: rows ?? standard });
    if (rows !== undefined) standardRows.set(next, standard);
    site.meta.set(next);
  }
}

const EXEMPT = new Set(['DocType', 'DocField', 'DocPerm', 'Custom DocPerm']);

/** Loads and applies in one go (after a reload of the site's DocTypes). */
export async function refreshCustomPerms(ctx: Context): Promise<void> {
  // A site not migrated since Custom DocPerm arrived has no table yet, hence no custom rows.
  if ((await ctx.uow.dialect.listColumns(ctx.uow.db, 'tabCustom DocPerm')) === null) return;
  applyCustomPerms(ctx.site, await loadCustomPerms(ctx.site, ctx.uow.db));
}

/** The rows in force for `meta`: its standard rows when no custom rows replaced them. */
export function standardPermsOf(meta: Meta): readonly DocPerm[] {
  return standardRows.get(meta) ?? meta.permissions;
}
