import { sql, type SqlBool } from '../../platform/db/kysely.js';
import type {
  ListCondition,
  PermissionQueryCondition,
} from '../../engine/runtime/app-definition.js';
import { runServerScript } from './run-server-script.js';
import { scriptMap } from './script-map.js';
import { sqlForDialect } from './read-only-sql.js';

/**
 * The `*` permission-query hook that runs a DocType's Permission Query
 * script (§B8): the script gets `user` and an empty `conditions`, and the
 * SQL text it leaves in `conditions` is ANDed into list queries of that
 * DocType. Only a Script Manager can write that text, as in Frappe.
 */
export const serverScriptQueryCondition: PermissionQueryCondition = async (ctx, doctype) => {
  const script = (await scriptMap(ctx)).permissionQueries.get(doctype);
  if (script === undefined) return null;
  const outcome = await runServerScript(ctx, script.script, 'Permission Query', {
    locals: { user: ctx.user, conditions: '' },
    return_locals: ['conditions'],
  });
  const conditions = outcome.locals?.['conditions'];
  if (typeof conditions !== 'string' || conditions.trim() === '') return null;
  return rawCondition(sqlForDialect(ctx.uow.dialect.type, conditions));
};

function rawCondition(text: string): ListCondition {
  return () => sql<SqlBool>`(${sql.raw(text)})`;
}
