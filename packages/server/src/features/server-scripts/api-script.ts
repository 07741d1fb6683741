import { PermissionError } from '../../core/errors/index.js';
import type { Context } from '../../engine/context.js';
import type { FileResponse, RedirectResponse } from '../../engine/runtime/special-response.js';
import { runServerScript } from './run-server-script.js';
import { scriptSpecialResponse } from './script-response.js';
import type { ServerScript } from './server-script.js';

/** One HTTP call of an API script, as the method route sees it. */
export interface ApiScriptCall {
  readonly script: ServerScript;
  /** The request's arguments: query string, form fields, JSON body keys. */
  readonly args: Readonly<Record<string, unknown>>;
  readonly isGuest: boolean;
  /** `frappe.request` as the script sees it. */
  readonly request: Record<string, unknown>;
  /** The `cmd` of a v1 call (the method path); v2 calls carry none. */
  readonly cmd?: string;
  /** Called when the script calls `frappe.db.commit()`. */
  readonly onCommit?: () => void;
}

/** What the route sends: the payload keys and, when the script set one, the status. */
export interface ApiScriptResult {
  /** `{message: flags}` when the script set flags; else the keys it wrote into `frappe.response`. */
  readonly payload: Record<string, unknown>;
  /** True when the payload is the flags dict (v2 puts it under `data`). */
  readonly returned: boolean;
  readonly status?: number;
  /** The file or redirect the script asked for with `frappe.response.type`. */
  readonly special?: FileResponse | RedirectResponse;
}

/**
 * Runs an API script for one request, after its rate limit was counted
 * (§B3: the limit, then the Guest check, then the script). Its flags, when
 * it set any, are the answer; otherwise whatever it wrote into
 * `frappe.response`.
 */
export async function callApiScript(ctx: Context, call: ApiScriptCall): Promise<ApiScriptResult> {
  const { script } = call;
  if (call.isGuest && !script.allow_guest) throw new PermissionError('');
  const formDict = call.cmd === undefined ? { ...call.args } : { ...call.args, cmd: call.cmd };
  const outcome = await runServerScript(
    ctx,
    script.script,
    'API',
    { form_dict: formDict, request: call.request, response: {} },
    call.onCommit === undefined ? {} : { onCommit: call.onCommit },
  );
  if (Object.keys(outcome.flags).length > 0)
    return { payload: { message: outcome.flags }, returned: true };
  const special = scriptSpecialResponse(outcome);
  if (special !== undefined) return { payload: {}, returned: false, special };
  const { http_status_code: status, ...payload } = outcome.response;
  return {
    payload,
    returned: false,
    ...(typeof status === 'number' && status >= 200 && status < 600 ? { status } : {}),
  };
}
