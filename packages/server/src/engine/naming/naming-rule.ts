import { sql } from '../../platform/db/kysely.js';
import type { Meta } from '../../model/meta.js';
import type { Context } from '../context.js';
import type { Doc } from '../doc.js';
import { resolvePart, seriesParts } from './naming-series.js';
import { seriesVariables } from './naming-variables.js';
import type { RawCondition } from '../query/query-ast.js';
import { matchesConditions } from '../store/virtual-filters.js';
import { runPrecompiled } from '../../platform/db/precompiled.js';

const RULES = 'tabDocument Naming Rule';
const CONDITIONS = 'tabDocument Naming Rule Condition';

/**
 * Frappe's Document Naming Rules (docs/spec/document-model.md §6.1 step 7): the enabled
 * rules of the DocType, highest priority first; the first whose conditions
 * all hold names the document `prefix` (parsed like a series, so `.YYYY.`,
 * `.FY.` and `{field}` work) followed by its own counter + 1, padded to
 * `prefix_digits`. Returns '' when no rule matches.
 */
export async function nameByNamingRule(ctx: Context, meta: Meta, doc: Doc): Promise<string> {
  if (!ctx.site.meta.has('Document Naming Rule') || meta.istable) return '';
  // Every insert asks, and most DocTypes have no rule: the SQL is compiled once.
  const { db, dialect } = ctx.uow;
  const rules = await runPrecompiled(
    db,
    dialect.type,
    'naming rules',
    () =>
      db
        .selectFrom(RULES)
        .select(['name', 'prefix', 'prefix_digits'])
        .where('document_type', '=', meta.name)
        .where((eb) => eb.or([eb('disabled', '=', 0), eb('disabled', 'is', null)]))
        .orderBy('priority', 'desc')
        .orderBy('creation', 'asc'),
    [meta.name, 0],
  );
  for (const rule of rules) {
    if (!matchesConditions(doc, await ruleConditions(ctx, String(rule.name)))) continue;
    const prefix = await rulePrefix(ctx, String(rule.prefix ?? ''), doc);
    const counter = await nextRuleCounter(ctx, String(rule.name));
    return prefix + String(counter).padStart(Math.max(0, Number(rule.prefix_digits) || 0), '0');
  }
  return '';
}

async function ruleConditions(ctx: Context, rule: string): Promise<RawCondition[]> {
  const rows = await ctx.uow.db
    .selectFrom(CONDITIONS)
    .select(['field', 'condition', 'value'])
    .where('parent', '=', rule)
    .where('parenttype', '=', 'Document Naming Rule')
    .orderBy('idx')
    .execute();
  return rows.map((row) => ({
    doctype: null,
    field: String(row.field),
    operator: String(row.condition) as RawCondition['operator'],
    value: row.value,
  }));
}

/** The prefix with its series tokens resolved; the rule's own counter follows it. */
async function rulePrefix(ctx: Context, prefix: string, doc: Doc): Promise<string> {
  // seriesParts appends a `#####` counter part to a prefix without one: not ours to draw.
  const parts = seriesParts(prefix).filter((part) => !part.startsWith('#'));
  const variables = await seriesVariables(ctx, parts, doc);
  const now = new Date();
  return parts.map((part) => resolvePart(part, doc, now, variables)).join('');
}

/** Increments the rule's counter in the caller's transaction (the row stays locked until commit). */
async function nextRuleCounter(ctx: Context, rule: string): Promise<number> {
  await ctx.uow.db
    .updateTable(RULES)
    .set({ counter: sql`coalesce(${sql.ref('counter')}, 0) + 1` })
    .where('name', '=', rule)
    .execute();
  const row = await ctx.uow.db
    .selectFrom(RULES)
    .select('counter')
    .where('name', '=', rule)
    .executeTakeFirstOrThrow();
  return Number(row.counter);
}
