import type { Context } from '../../engine/context.js';
import { runServerScript } from './run-server-script.js';
import { apiScript, callWhitelisted } from './script-calls.js';

type Args = Record<string, unknown>;

/**
 * The job behind a script's `frappe.enqueue`: runs the API script (a fresh
 * run, with the job's keywords as `form_dict`; its flags are the result) or
 * the whitelisted method named `function`.
 */
export async function callWhitelistedFunction(kwargs: Args, ctx: Context): Promise<unknown> {
  const { function: path, ...rest } = kwargs;
  const target = typeof path === 'string' ? path : '';
  const script = await apiScript(ctx, target);
  if (script === undefined) return callWhitelisted(ctx, target, rest);
  const outcome = await runServerScript(ctx, script.script, 'API', {
    form_dict: rest,
    response: {},
  });
  return Object.keys(outcome.flags).length > 0 ? outcome.flags : null;
}
