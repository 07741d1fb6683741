import { sql } from '../../platform/db/kysely.js';
import { ValidationError } from '../../core/errors/index.js';
import type { Meta } from '../../model/meta.js';
import type { DocOperation } from '../operation.js';

/**
 * Frappe's nested set for tree DocTypes (`is_tree` with `lft`/`rgt`
 * columns): every node's `lft`/`rgt` enclose exactly its descendants, so
 * `descendants of`, `ancestors of` and tree User Permissions are one range
 * query. New nodes go last under their parent (or after the last root),
 * a changed parent moves the whole subtree, and a node with children cannot
 * be deleted. `lft`, `rgt` and `old_parent` are the server's: what a client
 * sends for them is ignored.
 */
interface TreeColumns {
  readonly table: string;
  readonly parentField: string;
  readonly hasOldParent: boolean;
}

function treeColumns(meta: Meta): TreeColumns | null {
  if (!meta.is_tree) return null;
  const columns = new Set(meta.valueFields.map((field) => field.fieldname));
  const parentField = meta.nsm_parent_field ?? '';
  if (!columns.has('lft') || !columns.has('rgt') || !columns.has(parentField)) return null;
  return { table: meta.tableName, parentField, hasOldParent: columns.has('old_parent') };
}

/** Before the write: the stored position stands (a new node has none yet). */
export function keepTreePosition(op: DocOperation): void {
  const tree = treeColumns(op.meta);
  if (tree === null) return;
  for (const column of ['lft', 'rgt', ...(tree.hasOldParent ? ['old_parent'] : [])])
    op.doc[column] = op.before?.[column] ?? (column === 'old_parent' ? null : 0);
}

/** After the write: a new node is placed, a node whose parent changed is moved. */
export async function updateNestedSet(op: DocOperation): Promise<void> {
  const tree = treeColumns(op.meta);
  if (tree === null) return;
  const parent = parentOf(op.doc[tree.parentField]);
  const name = String(op.doc.name);
  const stored = op.isNew ? null : await position(op, tree, name);
  if (stored === null || (stored.lft === 0 && stored.rgt === 0))
    await addNode(op, tree, name, parent);
  else if (parentOf(op.before?.[tree.parentField]) !== parent)
    await moveNode(op, tree, stored, parent);
  if (tree.hasOldParent) {
    await op.ctx.uow.db
      .updateTable(tree.table)
      .set({ old_parent: parent ?? '' })
      .where('name', '=', name)
      .execute();
    op.doc['old_parent'] = parent ?? '';
  }
  const placed = await position(op, tree, name);
  if (placed !== null) Object.assign(op.doc, placed);
}

/**
 * Before a delete: a node that still has children is refused, as in Frappe;
 * a leaf leaves the set, whose positions close over the gap.
 */
export async function leaveNestedSet(op: DocOperation): Promise<void> {
  const tree = treeColumns(op.meta);
  if (tree === null) return;
  const child = await op.ctx.uow.db
    .selectFrom(tree.table)
    .select('name')
    .where(tree.parentField, '=', String(op.doc.name))
    .executeTakeFirst();
  if (child !== undefined)
    throw new ValidationError(`Cannot delete ${String(op.doc.name)} as it has child nodes`);
  const node = await position(op, tree, String(op.doc.name));
  if (node === null || node.rgt <= 0) return;
  const width = node.rgt - node.lft + 1;
  await shift(op, tree, 'lft', -width, ['lft', '>', node.rgt]);
  await shift(op, tree, 'rgt', -width, ['rgt', '>', node.rgt]);
}

interface Span {
  lft: number;
  rgt: number;
}

function parentOf(value: unknown): string | null {
  return typeof value === 'string' && value !== '' ? value : null;
}

async function position(op: DocOperation, tree: TreeColumns, name: string): Promise<Span | null> {
  const row = (await op.ctx.uow.db
    .selectFrom(tree.table)
    .select(['lft', 'rgt'])
    .where('name', '=', name)
    .executeTakeFirst()) as { lft: unknown; rgt: unknown } | undefined;
  return row === undefined ? null : { lft: Number(row.lft ?? 0), rgt: Number(row.rgt ?? 0) };
}

async function parentSpan(op: DocOperation, tree: TreeColumns, parent: string): Promise<Span> {
  const span = await position(op, tree, parent);
  if (span === null) throw new ValidationError(`${op.meta.name} ${parent} not found`);
  return span;
}

/** Frappe's `update_add_node`: open a gap of two at the parent's `rgt` (or after the last root). */
async function addNode(
  op: DocOperation,
  tree: TreeColumns,
  name: string,
  parent: string | null,
): Promise<void> {
  const db = op.ctx.uow.db;
  let right: number;
  if (parent !== null) right = (await parentSpan(op, tree, parent)).rgt;
  else {
    const row = (await db
      .selectFrom(tree.table)
      .select(sql<number>`coalesce(max(rgt), 0)`.as('top'))
      .where('name', '!=', name)
      .executeTakeFirst()) as { top: unknown } | undefined;
    right = Number(row?.top ?? 0) + 1;
  }
  await shift(op, tree, 'rgt', 2, ['rgt', '>=', right]);
  await shift(op, tree, 'lft', 2, ['lft', '>=', right]);
  await db
    .updateTable(tree.table)
    .set({ lft: right, rgt: right + 1 })
    .where('name', '=', name)
    .execute();
}

/**
 * Frappe's `update_move_node`: the subtree is parked at negative positions,
 * the gap it leaves is closed, a gap is opened under the new parent (or
 * after the last root) and the subtree is brought back into it. Moving a
 * node under itself or one of its descendants is refused.
 */
async function moveNode(
  op: DocOperation,
  tree: TreeColumns,
  node: Span,
  parent: string | null,
): Promise<void> {
  const db = op.ctx.uow.db;
  if (parent !== null) {
    const target = await parentSpan(op, tree, parent);
    if (target.lft >= node.lft && target.rgt <= node.rgt)
      throw new ValidationError('Item cannot be added to its own descendants');
  }
  const width = node.rgt - node.lft + 1;
  await db
    .updateTable(tree.table)
    .set({ lft: sql`-lft`, rgt: sql`-rgt` })
    .where('lft', '>=', node.lft)
    .where('rgt', '<=', node.rgt)
    .execute();
  await shift(op, tree, 'lft', -width, ['lft', '>', node.rgt]);
  await shift(op, tree, 'rgt', -width, ['rgt', '>', node.rgt]);
  let offset: number;
  if (parent !== null) {
    const target = await parentSpan(op, tree, parent);
    await shift(op, tree, 'lft', width, ['lft', '>', target.rgt]);
    await shift(op, tree, 'rgt', width, ['rgt', '>=', target.rgt]);
    offset = target.rgt - node.lft;
  } else {
    const row = (await db
      .selectFrom(tree.table)
      .select(sql<number>`coalesce(max(rgt), 0)`.as('top'))
      .executeTakeFirst()) as { top: unknown } | undefined;
    offset = Number(row?.top ?? 0) + 1 - node.lft;
  }
  await db
    .updateTable(tree.table)
    .set({ lft: sql`-lft + ${offset}`, rgt: sql`-rgt + ${offset}` })
    .where('lft', '<', 0)
    .execute();
}

/** Adds `by` to `column` of the rows `where` picks (the parked subtree, at negative positions, excluded). */
async function shift(
  op: DocOperation,
  tree: TreeColumns,
  column: 'lft' | 'rgt',
  by: number,
  [whereColumn, operator, value]: readonly ['lft' | 'rgt', '>' | '>=', number],
): Promise<void> {
  await op.ctx.uow.db
    .updateTable(tree.table)
    .set({ [column]: sql`${sql.ref(column)} + ${by}` })
    .where('lft', '>=', 0)
    .where(whereColumn, operator, value)
    .execute();
}
