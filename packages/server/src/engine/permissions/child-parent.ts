import type { DocField, Meta } from '../../model/meta.js';
import type { Context } from '../context.js';
import type { Doc } from '../doc.js';

/** The parent a child-table check is judged through, or why there is none. */
export type ChildParent =
  { readonly parentMeta: Meta; readonly tableField?: DocField } | { readonly denial: string };

/** Table fields of `parentMeta` that hold rows of `childDoctype`. */
export function tableFieldsFor(parentMeta: Meta, childDoctype: string): DocField[] {
  return parentMeta.tableFields.filter((field) => field.options === childDoctype);
}

/**
 * The parent DocType of a child-table check (docs/spec/permissions.md §6): the row's
 * `parenttype`/`parentfield` when a row is given, otherwise `parentDoctype`.
 * The parent must be a non-child DocType with a Table field of this child type.
 */
export function resolveChildParent(
  ctx: Context,
  childMeta: Meta,
  row?: Doc,
  parentDoctype?: string,
): ChildParent {
  const parentName = row === undefined ? parentDoctype : stringOrUndefined(row.parenttype);
  if (parentName === undefined || parentName === '') {
    return { denial: `Please specify a valid parent DocType for ${childMeta.name}` };
  }
  const parentMeta = ctx.site.meta.has(parentName) ? ctx.site.meta.getMeta(parentName) : null;
  const tables =
    parentMeta === null || parentMeta.istable ? [] : tableFieldsFor(parentMeta, childMeta.name);
  if (parentMeta === null || tables.length === 0) {
    return { denial: `${parentName} is not a valid parent DocType for ${childMeta.name}` };
  }
  if (row === undefined) return { parentMeta };
  const tableField = tables.find((field) => field.fieldname === row.parentfield);
  if (tableField === undefined) {
    return {
      denial: `${String(row.parentfield ?? '')} is not a valid parentfield for ${childMeta.name}`,
    };
  }
  return { parentMeta, tableField };
}

function stringOrUndefined(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}
