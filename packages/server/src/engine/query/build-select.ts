import {
  sql,
  type RawBuilder,
  type SelectQueryBuilder,
  type SqlBool,
} from '../../platform/db/kysely.js';
import { ValidationError } from '../../core/errors/index.js';
import type { Meta } from '../../model/meta.js';
import type { DatabaseDialect } from '../../platform/db/database.js';
import type { Context } from '../context.js';
import { applyListPermissions, joinedLinkCondition } from '../permissions/list-conditions.js';
import { sharedNames } from '../permissions/shares.js';
import { bypassesPermissions } from '../permissions/rights.js';
import { createFieldResolver, type FieldResolver } from './field-resolver.js';
import { createColumnGuard, createReadCheck, type ColumnUse } from './field-guard.js';
import type { NormalizedListArgs } from './list-args.js';
import { conditionSql, type OperatorEnv } from './operators.js';
import { defaultOrder, parseGroupBy, parseOrderBy } from './order-by.js';
import { parseFields } from './parse-fields.js';
import { parseFilterTree } from './parse-filters.js';
import type {
  ColumnRef,
  Condition,
  FilterNode,
  OrderItem,
  RawCondition,
  SelectItem,
  SortTarget,
} from './query-ast.js';
import { allOf, anyOf, joinCondition, orderItemSql, selectItemSql } from './sql-parts.js';
import { expandTreeConditions } from './tree-conditions.js';

type ColumnGuard = (column: ColumnRef, use: ColumnUse) => void;

/** A select item and the SQL alias its value comes back under (null when trimmed by field permissions). */
export interface OutputColumn {
  readonly item: SelectItem;
  readonly alias: string | null;
}

/** A list query ready to run. `query` is null when field permissions left nothing to select. */
export interface BuiltSelect {
  readonly query: SelectQueryBuilder<any, any, any> | null;
  readonly columns: readonly OutputColumn[];
}

/**
 * Builds the list query: every client-supplied name is resolved against
 * metadata before any SQL exists, values are parameters, and the user's row
 * permissions are AND-ed in (docs/spec/query-language.md §4.2, §8). Parsing errors are
 * thrown before the database is touched (tree operators aside, which look up
 * their node first).
 */
export async function buildSelect(
  ctx: Context,
  meta: Meta,
  args: NormalizedListArgs,
): Promise<BuiltSelect> {
  if (meta.issingle) throw new ValidationError(singleHasNoList(meta.name));
  // Read shares make level-0 fields readable; the field checks below are synchronous.
  if (!bypassesPermissions(ctx)) await sharedNames(ctx, meta.name, 'read');
  const resolver = createFieldResolver(ctx, meta);
  const canRead = createReadCheck(ctx, meta, args.parent);
  const items = parseFields(args.fields, resolver, canRead);
  const filterTree = parseFilterTree(args.filters);
  const filters = resolveConditions(filterTree.leaves, resolver);
  const orFilters = resolveConditions(parseFilterTree(args.orFilters).leaves, resolver);
  const groupBy = args.groupBy === null ? [] : parseGroupBy(args.groupBy, resolver);
  const order = orderItems(args, meta, resolver, items, groupBy);
  const guard = createColumnGuard(ctx, canRead);
  guardColumns(guard, { items, filters, orFilters, groupBy });
  if (args.orderBy !== null) guardOrder(guard, order);
  const env: OperatorEnv = {
    caseInsensitiveLike: ctx.uow.dialect.capabilities.caseInsensitiveLike,
    today: new Date(),
    ...temporalTypeOf(ctx.uow.dialect),
  };
  const where = filterSql(
    filterTree.tree,
    (await expandTreeConditions(ctx, filters)).map((c) => conditionSql(c, env)),
  );
  const whereOr = anyOf(
    (await expandTreeConditions(ctx, orFilters)).map((c) => conditionSql(c, env)),
  );

  let query: SelectQueryBuilder<any, any, any> = ctx.uow.db.selectFrom(meta.tableName);
  for (const table of resolver.joins()) {
    const readable =
      table.join.kind === 'link' ? await joinedLinkCondition(ctx, table.meta, table.alias) : null;
    query = query.leftJoin(sql.id(table.meta.tableName).as(table.alias), (join) => {
      const on = join.on(joinCondition(resolver.main, table));
      return readable === null ? on : on.on(readable);
    });
  }
  if (where !== null) query = query.where(where);
  if (whereOr !== null) query = query.where(whereOr);
  if (meta.istable && args.parent !== null)
    query = query.where(sql.id(meta.tableName, 'parenttype'), '=', args.parent);
  if (ctx.flags.ignorePermissions !== true) {
    query = await applyListPermissions(
      ctx,
      meta,
      query,
      args.parent === null ? {} : { parent: args.parent },
    );
  }
  const columns = items.map((item, index) => ({ item, alias: item.readable ? `c${index}` : null }));
  if (columns.every((column) => column.alias === null)) return { query: null, columns };
  for (const { item, alias } of columns)
    if (alias !== null) query = query.select(selectItemSql(item).as(alias));
  if (args.distinct) query = query.distinct();
  for (const column of groupBy)
    query = query.groupBy(sql.id(column.table.alias, column.field.fieldname));
  const { nullsSortHigh } = ctx.uow.dialect.capabilities;
  for (const item of order) query = query.orderBy(orderItemSql(item, nullsSortHigh));
  return { query: page(query, args), columns };
}

/** Every column the client asked to filter, group or aggregate on must be readable. */
function guardColumns(
  guard: ColumnGuard,
  query: {
    readonly items: readonly SelectItem[];
    readonly filters: readonly Condition[];
    readonly orFilters: readonly Condition[];
    readonly groupBy: readonly ColumnRef[];
  },
): void {
  for (const condition of [...query.filters, ...query.orFilters]) guard(condition.column, 'filter');
  for (const column of query.groupBy) guard(column, 'group');
  for (const item of query.items)
    if (item.kind === 'aggregate' && item.column !== null) guard(item.column, 'aggregate');
}

/** An explicit `order_by` may only sort on readable columns (the DocType's default order is trusted). */
function guardOrder(guard: ColumnGuard, order: readonly OrderItem[]): void {
  for (const { target } of order) if (target.column !== null) guard(target.column, 'sort');
}

/** The WHERE of a filter tree over its conditions' SQL; null when nothing filters. */
function filterSql(
  node: FilterNode,
  leaves: readonly RawBuilder<SqlBool>[],
): RawBuilder<SqlBool> | null {
  if (typeof node === 'number') return leaves[node] ?? null;
  const parts = node.items
    .map((item) => filterSql(item, leaves))
    .filter((part): part is RawBuilder<SqlBool> => part !== null);
  return node.op === 'and' ? allOf(parts) : anyOf(parts);
}

function resolveConditions(raw: readonly RawCondition[], resolver: FieldResolver): Condition[] {
  return raw.map((raw) => ({
    column:
      raw.doctype === null
        ? resolver.resolve(raw.field)
        : resolver.resolveIn(raw.doctype, raw.field),
    operator: raw.operator,
    value: raw.value,
  }));
}

/**
 * ORDER BY: the explicit `order_by`, else the DocType default (spec §6.3).
 * Nothing with `distinct` (v15) or for a lone aggregate; with `group_by` the
 * default order only when it sorts on grouped columns. Beyond Frappe (§12.6):
 * `name` is appended as the last key so pages are stable.
 */
function orderItems(
  args: NormalizedListArgs,
  meta: Meta,
  resolver: FieldResolver,
  items: readonly SelectItem[],
  groupBy: readonly ColumnRef[],
): OrderItem[] {
  const labels = new Map<string, SortTarget>(items.map((item) => [item.label, item]));
  const explicit = args.orderBy === null ? null : parseOrderBy(args.orderBy, resolver, labels);
  const aggregated = groupBy.length > 0 || items.some((item) => item.kind === 'aggregate');
  if (args.distinct) return [];
  if (explicit === null && aggregated) {
    const grouped = defaultOrder(meta, resolver).filter((item) => isGrouped(item, groupBy));
    return groupBy.length > 0 && grouped.length > 0 ? grouped : [];
  }
  const order = explicit ?? defaultOrder(meta, resolver);
  if (aggregated || order.some((item) => isMainName(item, resolver))) return order;
  const last = order[order.length - 1]?.direction ?? 'desc';
  return [
    ...order,
    { target: { kind: 'column', column: resolver.resolve('name') }, direction: last },
  ];
}

function isGrouped(item: OrderItem, groupBy: readonly ColumnRef[]): boolean {
  const target = item.target;
  return target.kind === 'column' && groupBy.some((column) => sameColumn(column, target.column));
}

function isMainName(item: OrderItem, resolver: FieldResolver): boolean {
  return item.target.kind === 'column' && sameColumn(item.target.column, resolver.resolve('name'));
}

function sameColumn(a: ColumnRef, b: ColumnRef): boolean {
  return a.table.alias === b.table.alias && a.field.fieldname === b.field.fieldname;
}

/** LIMIT/OFFSET; a page length of 0 means all rows (MariaDB needs a LIMIT before any OFFSET). */
function page(
  query: SelectQueryBuilder<any, any, any>,
  args: NormalizedListArgs,
): SelectQueryBuilder<any, any, any> {
  if (args.pageLength > 0) query = query.limit(args.pageLength);
  else if (args.limitStart > 0) query = query.limit(Number.MAX_SAFE_INTEGER);
  return args.limitStart > 0 ? query.offset(args.limitStart) : query;
}

/**
 * A Single's values live in `tabSingles`, not in a table of rows: it has no
 * list to filter or count. Its one document is read by its own name.
 */
function singleHasNoList(doctype: string): string {
  return `${doctype} is a Single DocType: it has no list; read its one document, named ${doctype}`;
}

/** The dialect's own date and datetime column types, when its fallbacks need a cast. */
function temporalTypeOf(dialect: DatabaseDialect): Pick<OperatorEnv, 'temporalType'> {
  if (!dialect.capabilities.castTemporalFallback) return {};
  return { temporalType: (kind) => dialect.columnSql({ name: '', type: kind }) };
}
