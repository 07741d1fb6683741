import { PermissionError } from '../../core/errors/index.js';
import type { Meta } from '../../model/meta.js';
import type { Context } from '../context.js';
import { getPermittedFields, getPermittedTableFields } from '../permissions/permlevels.js';
import { bypassesPermissions } from '../permissions/rights.js';
import type { ColumnRef, QueryTable } from './query-ast.js';

/** What a list query does with a column the client named. */
export type ColumnUse = 'filter' | 'sort' | 'group' | 'aggregate';

const VERBS: Record<ColumnUse, string> = {
  filter: 'filter on',
  sort: 'sort by',
  group: 'group by',
  aggregate: 'aggregate',
};

/** Whether the user may read `column` (docs/spec/permissions.md §9.5). */
export type ReadCheck = (column: ColumnRef) => boolean;

/**
 * Field-level read permission per table of the query (spec permissions
 * §9.5): the main table's own rows (a child DocType's through `parent`),
 * a child table's through the queried DocType, a linked table's own.
 */
export function createReadCheck(ctx: Context, meta: Meta, parent: string | null): ReadCheck {
  if (bypassesPermissions(ctx)) return () => true;
  const parentMeta =
    parent !== null && ctx.site.meta.has(parent) ? ctx.site.meta.getMeta(parent) : undefined;
  const permitted = new Map<string, ReadonlySet<string>>();
  return (column) => {
    const table = column.table;
    let fields = permitted.get(table.alias);
    if (fields === undefined) {
      const via =
        table.join.kind === 'main' ? parentMeta : table.join.kind === 'child' ? meta : undefined;
      fields = new Set(getPermittedFields(ctx, table.meta, 'read', via));
      permitted.set(table.alias, fields);
    }
    return fields.has(column.field.fieldname) && tableReadable(ctx, meta, table);
  };
}

/**
 * A child table's rows are readable through the Table fields that hold
 * them: every such field when the query did not name one (`tabX.f`).
 */
function tableReadable(ctx: Context, meta: Meta, table: QueryTable): boolean {
  if (table.join.kind !== 'child') return true;
  const permitted = new Set(getPermittedTableFields(ctx, meta, 'read'));
  const { parentfield } = table.join;
  return meta.tableFields
    .filter((field) => field.options === table.meta.name)
    .every(
      (field) =>
        permitted.has(field.fieldname) || (parentfield !== null && field.fieldname !== parentfield),
    );
}

/**
 * Refuses a column the client filters, sorts, groups or aggregates on when
 * the user may not read it, so a list never answers questions about values
 * it would not show (docs/spec/DECISIONS.md rule 3, docs/permissions.md "Querying").
 * Password columns hold only a mask whose secret lives in `__Auth`; no
 * client may query them at all, Administrator included. Server code
 * (`ignorePermissions`) is trusted.
 */
export function createColumnGuard(
  ctx: Context,
  canRead: ReadCheck,
): (column: ColumnRef, use: ColumnUse) => void {
  if (ctx.flags.ignorePermissions === true) return () => undefined;
  return (column, use) => {
    if (column.field.fieldtype === 'Password' || !canRead(column)) {
      throw new PermissionError(
        `You are not permitted to ${VERBS[use]} field ${column.field.fieldname} of ${column.table.meta.name}`,
      );
    }
  };
}
