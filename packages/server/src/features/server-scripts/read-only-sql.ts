import { sql, type RawBuilder } from '../../platform/db/kysely.js';
import { PermissionError, ValidationError } from '../../core/errors/index.js';
import type { Context } from '../../engine/context.js';

/** Statements a script may run through `frappe.db.sql` (MariaDB also reads with `WITH`). */
function allowedStart(dbType: string): RegExp {
  return dbType === 'mariadb' ? /^\s*(select|explain|with)\b/i : /^\s*(select|explain)\b/i;
}

/** Frappe's placeholders: `%s` positional, `%(name)s` named. */
const PLACEHOLDER = /%\((\w+)\)s|%s/g;

/**
 * `frappe.db.sql` for Server Scripts: only a single read statement (§B6);
 * anything else is Frappe's PermissionError. Values are bound as
 * parameters, never spliced into the text.
 */
export async function readOnlySql(
  ctx: Context,
  query: unknown,
  values: unknown,
  asDict: boolean,
): Promise<unknown[]> {
  if (typeof query !== 'string') throw new ValidationError('query must be a string');
  const body = query.trim().replace(/;\s*$/, '');
  if (!allowedStart(ctx.uow.dialect.type).test(body) || body.includes(';'))
    throw new PermissionError('Query must be of SELECT or read-only WITH type.');
  const result = await bind(sqlForDialect(ctx.uow.dialect.type, body), values).execute(ctx.uow.db);
  const rows = result.rows as Record<string, unknown>[];
  return asDict ? rows : rows.map((row) => Object.values(row));
}

function bind(text: string, values: unknown): RawBuilder<Record<string, unknown>> {
  const parts: RawBuilder<unknown>[] = [];
  let position = 0;
  let last = 0;
  for (const match of text.matchAll(PLACEHOLDER)) {
    parts.push(sql.raw(text.slice(last, match.index)));
    parts.push(sql.val(placeholderValue(values, match[1], position++)));
    last = match.index + match[0].length;
  }
  parts.push(sql.raw(text.slice(last)));
  return sql<Record<string, unknown>>`${sql.join(parts, sql.raw(''))}`;
}

function placeholderValue(values: unknown, name: string | undefined, position: number): unknown {
  if (name !== undefined) {
    if (values === null || typeof values !== 'object' || Array.isArray(values) || !(name in values))
      throw new ValidationError(`Value for %(${name})s is missing`);
    return (values as Record<string, unknown>)[name];
  }
  if (!Array.isArray(values) || position >= values.length)
    throw new ValidationError('Not enough values for the %s placeholders');
  return values[position];
}

/**
 * `frappe.db.escape`: `value` as a quoted SQL string literal for the site's
 * database, for scripts that build condition text (Permission Query).
 */
export function escapeSqlLiteral(dbType: string, value: unknown): string {
  let text = value === null || value === undefined ? '' : String(value);
  // MariaDB reads backslashes as escapes inside literals; the others do not.
  if (dbType === 'mariadb') text = text.replace(/\\/g, '\\\\');
  return `'${text.replace(/'/g, "''").replace(/\0/g, '')}'`;
}

/**
 * SQL text written for Frappe (MariaDB habits) made readable by the site's
 * database, as Frappe's PostgreSQL layer does: backticks become double
 * quotes and a bare `from tabX` is quoted, since PostgreSQL folds unquoted
 * names to lower case.
 */
export function sqlForDialect(dbType: string, text: string): string {
  if (dbType !== 'postgres') return text;
  return text.replace(/`/g, '"').replace(/\bfrom\s+tab([\w-]*)/gi, 'from "tab$1"');
}
