import { ValidationError } from '../../core/errors/index.js';
import type { Context } from '../context.js';
import type { Condition, Operator } from './query-ast.js';

type TreeOperator = Extract<Operator, `${string}of${string}`>;

/** Nested-set bounds per tree operator: how a row's `lft`/`rgt` relate to the node's. */
const TREE_RULES: Record<
  TreeOperator,
  { lft: '>' | '<' | '>='; rgt: '<' | '>' | '<='; negated: boolean }
> = {
  'descendants of': { lft: '>', rgt: '<', negated: false },
  'not descendants of': { lft: '>', rgt: '<', negated: true },
  'ancestors of': { lft: '<', rgt: '>', negated: false },
  'not ancestors of': { lft: '<', rgt: '>', negated: true },
  'descendants of (inclusive)': { lft: '>=', rgt: '<=', negated: false },
};

/**
 * Replaces tree operators by `in` / `not in` over the matching node names, as
 * Frappe does (docs/spec/query-language.md §4.4). The column must be a Link to a tree
 * DocType or the `name` of one; an unknown node gives an empty list.
 */
export async function expandTreeConditions(
  ctx: Context,
  conditions: readonly Condition[],
): Promise<Condition[]> {
  return Promise.all(conditions.map((condition) => expandOne(ctx, condition)));
}

async function expandOne(ctx: Context, condition: Condition): Promise<Condition> {
  const rule = TREE_RULES[condition.operator as TreeOperator] as
    (typeof TREE_RULES)[TreeOperator] | undefined;
  if (rule === undefined) return condition;
  const { field, table } = condition.column;
  const doctype =
    field.fieldtype === 'Link' ? field.options : field.fieldname === 'name' ? table.meta.name : '';
  const meta = doctype === '' ? null : ctx.site.meta.getMeta(doctype);
  if (meta === null || !meta.is_tree) {
    throw new ValidationError(
      `Operator ${condition.operator} needs a field linking to a tree DocType`,
    );
  }
  const db = ctx.uow.db;
  const node = await db
    .selectFrom(meta.tableName)
    .select(['lft', 'rgt'])
    .where('name', '=', String(condition.value ?? ''))
    .executeTakeFirst();
  const names =
    node === undefined
      ? []
      : await db
          .selectFrom(meta.tableName)
          .select('name')
          .where('lft', rule.lft, node.lft)
          .where('rgt', rule.rgt, node.rgt)
          .orderBy('lft')
          .execute();
  return {
    ...condition,
    operator: rule.negated ? 'not in' : 'in',
    value: names.map((row) => row.name),
  };
}
