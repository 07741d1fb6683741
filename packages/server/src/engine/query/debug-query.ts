import type { Compilable } from 'kysely';
import type { Context } from '../context.js';
import { bypassesPermissions } from '../permissions/rights.js';

/**
 * Frappe's `debug=1` on a list or count: the SQL and its parameters go to
 * the request's debug log (`_debug_messages`). Only for Administrator and
 * System Managers: the query shows every permission condition and the
 * values they compare with, which other users have no business seeing; for
 * them `debug` is ignored.
 */
export function logQuery(ctx: Context, debug: boolean, query: Compilable): void {
  if (!debug || ctx.debugLog === undefined) return;
  if (!bypassesPermissions(ctx) && !ctx.roles.has('System Manager')) return;
  const compiled = query.compile();
  ctx.debugLog.push(compiled.sql, `Parameters: ${JSON.stringify(compiled.parameters)}`);
}
