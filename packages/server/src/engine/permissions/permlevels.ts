import type { DocField, Meta, PermissionType } from '../../model/meta.js';
import type { Context } from '../context.js';
import type { Doc } from '../doc.js';
import { getRolePermissions, permissionMeta } from './doctype-permissions.js';
import {
  CHILD_FIELDNAMES,
  OPTIONAL_FIELDNAMES,
  STANDARD_FIELDNAMES,
} from '../../model/standard-fieldnames.js';
import { bypassesPermissions } from './rights.js';
import { knownReadShares } from './shares.js';

/** Core DocTypes whose columns Frappe never filters by level (docs/spec/permissions.md §9.5). */
const UNFILTERED_DOCTYPES = new Set([
  'DocType',
  'DocField',
  'DocPerm',
  'User',
  'Role',
  'Has Role',
  'Page',
  'Module Def',
  'Print Format',
  'Report',
  'Customize Form',
  'Customize Form Field',
  'Property Setter',
  'Custom Field',
  'Client Script',
  'DefaultValue',
  'DocType Action',
  'DocType Link',
]);

/**
 * Permission levels at which the user's roles grant `ptype` on any row
 * (if-owner irrelevant). Child DocTypes use their parent's rows.
 */
export function permlevelAccess(
  ctx: Context,
  meta: Meta,
  ptype: PermissionType,
  parentMeta?: Meta,
): Set<number> {
  const source = permissionMeta(meta, parentMeta);
  const levels = new Set<number>();
  for (const row of source?.permissions ?? [])
    if (row[ptype] && ctx.roles.has(row.role)) levels.add(row.permlevel);
  if (
    (ptype === 'read' || ptype === 'select') &&
    source !== null &&
    knownReadShares(ctx, source.name)
  )
    levels.add(0);
  return levels;
}

/** Every column a document of `meta` may carry: standard columns and value fields. */
export function allColumns(meta: Meta): string[] {
  return [...standardColumns(meta), ...meta.valueFields.map((field) => field.fieldname)];
}

function standardColumns(meta: Meta): string[] {
  return [...STANDARD_FIELDNAMES, ...(meta.istable ? CHILD_FIELDNAMES : OPTIONAL_FIELDNAMES)];
}

/**
 * Column names the user may `ptype` (read or write) on `meta`: the standard
 * columns plus value fields at a permitted level. A user who may only
 * `select` gets `name` and the search fields (docs/spec/permissions.md §9.5).
 * Administrator, `ignorePermissions` and DocTypes without rows get every column.
 *
 * @example
 * getPermittedFields(ctx, noteMeta, 'read') // ['name', 'owner', …, 'title', 'public', 'content']
 */
export function getPermittedFields(
  ctx: Context,
  meta: Meta,
  ptype: PermissionType,
  parentMeta?: Meta,
): string[] {
  const levels = permittedLevels(ctx, meta, ptype, parentMeta);
  if (levels === 'all') return allColumns(meta);
  if (levels === 'select') return ['name', ...meta.search_fields];
  if (!levels.has(0)) return [];
  return [
    ...standardColumns(meta),
    ...meta.valueFields
      .filter((field) => levels.has(field.permlevel))
      .map((field) => field.fieldname),
  ];
}

/**
 * Table fields of `meta` whose rows the user may `ptype`: the same level
 * rule as `getPermittedFields` (a Table field at an unreadable level
 * disappears with its rows, docs/spec/permissions.md §5).
 */
export function getPermittedTableFields(ctx: Context, meta: Meta, ptype: PermissionType): string[] {
  const levels = permittedLevels(ctx, meta, ptype);
  if (levels === 'select') return [];
  return meta.tableFields
    .filter((field) => levels === 'all' || (levels.has(0) && levels.has(field.permlevel)))
    .map((field) => field.fieldname);
}

/** `all` (no field filtering), `select` (select-only user) or the permitted levels. */
function permittedLevels(
  ctx: Context,
  meta: Meta,
  ptype: PermissionType,
  parentMeta?: Meta,
): 'all' | 'select' | Set<number> {
  if (bypassesPermissions(ctx)) return 'all';
  const source = permissionMeta(meta, parentMeta);
  if (source === null) return new Set();
  if (ptype === 'read' && onlyHasSelect(ctx, source)) return 'select';
  if (isUnfiltered(source)) return 'all';
  return permlevelAccess(ctx, meta, ptype, parentMeta);
}

function isUnfiltered(meta: Meta): boolean {
  return meta.permissions.length === 0 || UNFILTERED_DOCTYPES.has(meta.name);
}

function onlyHasSelect(ctx: Context, meta: Meta): boolean {
  const { rights } = getRolePermissions(ctx, meta);
  return rights.select && !rights.read;
}

/**
 * Keeps fields the user may not write (a permlevel without `write`) at their
 * stored value, or at the default on a new document — silently, as Frappe
 * does (docs/spec/DECISIONS.md: permlevel fields). Child rows are judged with the parent's
 * rows; rows of a new parent are left alone. Returns a new object.
 */
export function resetUnwritableFields(
  ctx: Context,
  meta: Meta,
  incoming: Doc,
  stored: Doc | null,
): Doc {
  if (bypassesPermissions(ctx) || ctx.flags.inInstall === true) return incoming;
  const writable = permlevelAccess(ctx, meta, 'write');
  const result: Doc = { ...incoming };
  for (const field of meta.valueFields) {
    if (field.permlevel > 0 && !writable.has(field.permlevel))
      result[field.fieldname] = keptValue(field, stored);
  }
  for (const table of meta.tableFields) {
    if (table.permlevel > 0 && !writable.has(table.permlevel)) {
      result[table.fieldname] = stored === null ? [] : (stored[table.fieldname] ?? []);
    } else if (
      stored !== null &&
      Array.isArray(incoming[table.fieldname]) &&
      ctx.site.meta.has(table.options)
    ) {
      const childMeta = ctx.site.meta.getMeta(table.options);
      const storedRows = Array.isArray(stored[table.fieldname])
        ? (stored[table.fieldname] as Doc[])
        : [];
      result[table.fieldname] = (incoming[table.fieldname] as Doc[]).map((row) =>
        resetChildRow(
          childMeta,
          writable,
          row,
          storedRows.find((old) => old.name !== undefined && old.name === row.name) ?? null,
        ),
      );
    }
  }
  return result;
}

function resetChildRow(
  childMeta: Meta,
  writable: Set<number>,
  row: Doc,
  storedRow: Doc | null,
): Doc {
  const result: Doc = { ...row };
  for (const field of childMeta.valueFields) {
    if (field.permlevel > 0 && !writable.has(field.permlevel))
      result[field.fieldname] = keptValue(field, storedRow);
  }
  return result;
}

function keptValue(field: DocField, stored: Doc | null): unknown {
  return stored === null ? field.default : (stored[field.fieldname] ?? null);
}
