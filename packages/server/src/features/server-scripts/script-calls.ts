import { DoesNotExistError, PermissionError, ValidationError } from '../../core/errors/index.js';
import type { Context } from '../../engine/context.js';
import type { JobOptions } from '../../engine/runtime/job-options.js';
import { getValue } from '../../engine/query/index.js';
import { NestedScript } from '../../platform/sandbox/script-run.js';
import { scriptMap } from './script-map.js';
import { SERVER_SCRIPT, type ServerScript } from './server-script.js';
import { trusted } from './trusted.js';

type Args = Record<string, unknown>;

/** The job function `frappe.enqueue` in a script enqueues, under Frappe's name. */
export const CALL_WHITELISTED_FUNCTION = 'frappe.utils.safe_exec.call_whitelisted_function';

/** `frappe.enqueue`'s options, in Frappe's names; every other keyword goes to the method. */
const JOB_OPTIONS = new Set([
  'queue',
  'timeout',
  'job_name',
  'job_id',
  'deduplicate',
  'enqueue_after_commit',
  'at_front',
  'now',
  'is_async',
  'on_success',
  'on_failure',
]);

/**
 * Writes a job through the jobs feature. The composition root hands it in
 * (sibling features do not import each other), once, when the core app is
 * built; until then `frappe.enqueue` in a script is refused.
 */
export type ScriptEnqueue = (ctx: Context, options: ScriptJob) => Promise<unknown>;

/** What a script's `frappe.enqueue` asks the jobs feature for. */
export interface ScriptJob extends JobOptions {
  readonly method: string;
  readonly kwargs: Args;
}

const services: { enqueue?: ScriptEnqueue } = {};

/** Gives Server Scripts the jobs feature's enqueue (called by the composition root). */
export function provideScriptEnqueue(enqueue: ScriptEnqueue): void {
  services.enqueue = enqueue;
}

/**
 * `frappe.call(method, **kwargs)`: an enabled API script with that
 * `api_method` (run in place by the calling worker, its flags the answer),
 * else a whitelisted method of the site's apps, as the script's user and
 * under the target's Guest rule.
 */
export async function callFromScript(ctx: Context, path: string, kwargs: Args): Promise<unknown> {
  const script = await apiScript(ctx, path);
  if (script !== undefined) return new NestedScript(script.script);
  return callWhitelisted(ctx, path, kwargs);
}

/** `run_script(name, **kwargs)`: the enabled API script named `name`, run in place. */
export async function runScriptByName(ctx: Context, name: string): Promise<NestedScript> {
  const row = (await getValue(
    trusted(ctx),
    SERVER_SCRIPT,
    name,
    ['script_type', 'script', 'disabled', 'allow_guest'],
    true,
  )) as Args | undefined;
  // Frappe runs only API scripts this way; a disabled script is ignored everywhere.
  if (row === undefined || row['script_type'] !== 'API' || Number(row['disabled']) === 1)
    throw new DoesNotExistError(`Server Script ${name} not found`);
  assertGuestMayRun(ctx, Number(row['allow_guest']) === 1);
  return new NestedScript(String(row['script'] ?? ''));
}

/**
 * `frappe.enqueue(method, **kwargs)`: a job that calls a whitelisted method
 * or an API script, as the enqueuing user. Only those two may be named (not
 * an app's internal job functions), checked now and again when the job runs.
 */
export async function enqueueFromScript(ctx: Context, args: Args): Promise<unknown> {
  const { method, ...rest } = args;
  const path = typeof method === 'string' ? method : '';
  await assertCallable(ctx, path);
  if (services.enqueue === undefined)
    throw new ValidationError('frappe.enqueue is not available to Server Scripts here');
  const options: Args = {};
  const kwargs: Args = {};
  for (const [key, value] of Object.entries(rest))
    if (JOB_OPTIONS.has(key)) options[key] = value;
    else kwargs[key] = value;
  return services.enqueue(ctx, {
    ...jobOptions(options),
    method: CALL_WHITELISTED_FUNCTION,
    kwargs: { function: path, ...kwargs },
  });
}

/** A whitelisted method of the site's apps, as the script's user and under its Guest rule. */
export async function callWhitelisted(ctx: Context, path: string, kwargs: Args): Promise<unknown> {
  const method = ctx.site.apps.method(path);
  if (method === undefined)
    throw new ValidationError(`frappe.call: ${path} is not a whitelisted method of this site`);
  if (ctx.user === 'Guest' && method.allowGuest !== true)
    throw new PermissionError(`Not permitted to call ${path}`);
  return (await method.handler(kwargs, ctx)) ?? null;
}

/** The enabled API script answering `path`, once the caller may run it. */
export async function apiScript(ctx: Context, path: string): Promise<ServerScript | undefined> {
  if (!ctx.site.meta.has(SERVER_SCRIPT)) return undefined;
  const script = (await scriptMap(ctx)).api.get(path);
  if (script !== undefined) assertGuestMayRun(ctx, script.allow_guest);
  return script;
}

async function assertCallable(ctx: Context, path: string): Promise<void> {
  if ((await apiScript(ctx, path)) !== undefined) return;
  const method = ctx.site.apps.method(path);
  if (method === undefined)
    throw new ValidationError(
      `frappe.enqueue: ${path} is not a whitelisted method or an API Server Script of this site`,
    );
  if (ctx.user === 'Guest' && method.allowGuest !== true)
    throw new PermissionError(`Not permitted to call ${path}`);
}

/** A Guest runs only scripts that allow Guests (Frappe's `execute_method` check). */
function assertGuestMayRun(ctx: Context, allowGuest: boolean): void {
  if (ctx.user === 'Guest' && !allowGuest) throw new PermissionError('');
}

function jobOptions(options: Args): Omit<ScriptJob, 'method' | 'kwargs'> {
  const { queue, timeout, job_id, deduplicate, enqueue_after_commit, at_front } = options;
  return {
    ...(typeof queue === 'string' ? { queue } : {}),
    ...(typeof timeout === 'number' ? { timeout } : {}),
    ...(typeof job_id === 'string' ? { job_id } : {}),
    ...(deduplicate === true ? { deduplicate } : {}),
    ...(enqueue_after_commit === true ? { enqueue_after_commit } : {}),
    ...(at_front === true ? { at_front } : {}),
  };
}
