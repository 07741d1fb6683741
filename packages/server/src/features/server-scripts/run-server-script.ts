import { EXC_TYPES, type ExcType } from '@cortado/protocol';
import { FrappeError } from '../../core/errors/index.js';
import type { Context } from '../../engine/context.js';
import { msgprint } from '../../engine/runtime/msgprint.js';
import { PythonError } from '../../platform/sandbox/sandbox-errors.js';
import type {
  ScriptFailure,
  ScriptOutcome,
  ScriptRunRequest,
} from '../../platform/sandbox/script-run.js';
import { scriptBridge, type BridgeHooks } from './script-bridge.js';
import { assertServerScriptsEnabled } from './scripts-enabled.js';
import { scriptPool } from './script-pool.js';
import { getUrl } from './script-lookups.js';

/** What a run sees besides its source: the request state and extra globals. */
export type ScriptInput = Omit<ScriptRunRequest, 'script' | 'kind' | 'user'>;

/**
 * Runs `source` in the sandbox as `ctx.user`, inside `ctx`'s unit of work.
 * The script's msgprints join the request's messages; the exception it ends
 * with is raised here as Frappe's error (a Frappe class keeps its status,
 * a Python one answers 500), so the caller's transaction rolls back.
 */
export async function runServerScript(
  ctx: Context,
  source: string,
  kind: string,
  input: ScriptInput = {},
  hooks: BridgeHooks = {},
): Promise<ScriptOutcome> {
  await assertServerScriptsEnabled(ctx.site);
  const outcome = await scriptPool(ctx.site.config).run(
    { ...input, script: source, kind, user: ctx.user, site_url: getUrl(ctx) },
    scriptBridge(ctx, { ...hooks, inDocumentEvent: kind === 'DocType Event' }),
  );
  for (const entry of outcome.messages) {
    const options = {
      ...(entry.title === null ? {} : { title: entry.title }),
      ...(entry.indicator === null ? {} : { indicator: entry.indicator }),
    };
    msgprint(
      ctx,
      typeof entry.message === 'string' ? entry.message : JSON.stringify(entry.message),
      options,
    );
  }
  if (!outcome.ok && outcome.error !== undefined) throw scriptError(outcome.error);
  return outcome;
}

/** The server error for the exception a script ended with. */
export function scriptError(failure: ScriptFailure): FrappeError {
  if (failure.frappe && Object.hasOwn(EXC_TYPES, failure.exc_type)) {
    const title = failure.title === undefined ? {} : { title: failure.title };
    return new FrappeError(failure.exc_type as ExcType, failure.message, title);
  }
  return new PythonError(failure.exc_type, `${failure.exc_type}: ${failure.message}`);
}
