import type { Context } from '../../engine/context.js';
import type { Doc } from '../../engine/doc.js';
import { getDoc, insertDoc, saveDoc } from '../../engine/document.js';
import { getValue } from '../../engine/query/index.js';
import { runServerScript } from './run-server-script.js';
import { SERVER_SCRIPT } from './server-script.js';

const JOB_TYPE = 'Scheduled Job Type';

/** Frappe's `scrub`: spaces and hyphens to underscores, lower case. */
export function scrub(text: string): string {
  return text.replace(/[ -]/g, '_').toLowerCase();
}

/**
 * Keeps the Scheduled Job Type of a Server Script in step with it (§B7): a
 * Scheduler Event script has one, named and keyed by
 * `scrub("<script>-<frequency>")`, stopped while the script is disabled;
 * a script of another type leaves its job types stopped, a deleted one
 * stopped and unlinked (as Frappe's `on_trash`).
 */
export async function syncScriptJobType(ctx: Context, script: Doc, deleted = false): Promise<void> {
  const trusted = { ...ctx, flags: { ...ctx.flags, ignorePermissions: true } };
  const owned = (await ctx.uow.db
    .selectFrom(`tab${JOB_TYPE}`)
    .select(['name', 'method'])
    .where('server_script', '=', String(script.name))
    .execute()) as { name: string; method: string }[];
  const active = !deleted && script['script_type'] === 'Scheduler Event';
  const method = scrub(`${String(script.name)}-${String(script['event_frequency'] ?? '')}`);
  for (const row of owned) {
    if (active && row.method === method) continue;
    const stale = await getDoc(trusted, JOB_TYPE, row.name);
    // A deleted script's job types let go of it, so nothing links to it any more.
    await saveDoc(trusted, { ...stale, stopped: 1, ...(deleted ? { server_script: null } : {}) });
  }
  if (!active) return;
  const values = {
    method,
    frequency: script['event_frequency'],
    cron_format: script['event_frequency'] === 'Cron' ? script['cron_format'] : null,
    stopped: Number(script['disabled']) === 1 ? 1 : 0,
    server_script: script.name,
  };
  const existing = await getValue(trusted, JOB_TYPE, method, 'name', false);
  if (existing === undefined)
    await insertDoc(trusted, { doctype: JOB_TYPE, name: method, ...values });
  else await saveDoc(trusted, { ...(await getDoc(trusted, JOB_TYPE, method)), ...values });
}

/** The job function the scheduler runs for a Scheduler Event script: the whole sandbox, commit allowed. */
export async function executeScheduledScript(
  kwargs: Record<string, unknown>,
  ctx: Context,
): Promise<void> {
  const trusted = { ...ctx, flags: { ...ctx.flags, ignorePermissions: true } };
  const script = await getDoc(trusted, SERVER_SCRIPT, String(kwargs['server_script']));
  if (Number(script['disabled']) === 1 || script['script_type'] !== 'Scheduler Event') return;
  await runServerScript(ctx, String(script['script'] ?? ''), 'Scheduler Event');
}
