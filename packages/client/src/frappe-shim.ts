import type { CallResponse, CortadoClient } from './client.js';
import type { CortadoError } from './errors.js';

/** `frappe.call`'s options, as the desk's scripts pass them. */
export interface FrappeCallOptions {
  /** Dotted path of the whitelisted method. */
  readonly method: string;
  readonly args?: Record<string, unknown>;
  /** `POST` (default) or `GET`. */
  readonly type?: 'GET' | 'POST';
  /** Called with the whole body on success. */
  readonly callback?: (response: CallResponse) => void;
  /**
   * Called with the typed error on failure. The returned promise rejects as
   * well, but a call made with `callback`, `error` or `always` never leaves an
   * unhandled rejection behind when its promise is ignored (see {@link createFrappeShim}).
   */
  readonly error?: (error: CortadoError) => void;
  /** Called after `callback` or `error`. */
  readonly always?: () => void;
  /** Accepted and ignored: the shim has no UI to freeze. */
  readonly freeze?: boolean;
  readonly freeze_message?: string;
}

/** The `frappe` object the shim provides. */
export interface FrappeShim {
  /** `frappe.call(options)` or `frappe.call(method, args)`: resolves with the body (`r.message` holds the result). */
  call(options: FrappeCallOptions | string, args?: Record<string, unknown>): Promise<CallResponse>;
  /** `frappe.xcall(method, args, type)`: resolves with the method's return value. */
  xcall<T = unknown>(
    method: string,
    args?: Record<string, unknown>,
    type?: 'GET' | 'POST',
  ): Promise<T>;
}

/**
 * `frappe.call` and `frappe.xcall` over a client, so desk-style scripts run
 * unchanged in any page.
 *
 * A failed `frappe.call` rejects its promise for callers who await it. A
 * callback-style caller (one that passes `callback`, `error` or `always`)
 * usually ignores that promise; as Frappe's own `frappe.call`, which shows the
 * error and leaves the page running, the shim then raises no unhandled
 * rejection. `xcall` is promise-only and rejects as usual.
 *
 * @example
 * const frappe = createFrappeShim(new CortadoClient({ url: location.origin }));
 * const r = await frappe.call({ method: 'my_app.api.my_function', args: { param1: 'value' }, freeze: true });
 */
export function createFrappeShim(client: CortadoClient<object>): FrappeShim {
  return {
    call(options, args) {
      const opts: FrappeCallOptions =
        typeof options === 'string' ? { method: options, args: args ?? {} } : options;
      const promise = client
        .call(opts.method, opts.args ?? {}, { httpMethod: opts.type ?? 'POST' })
        .then(
          (response) => {
            opts.callback?.(response);
            opts.always?.();
            return response;
          },
          (error: CortadoError) => {
            opts.error?.(error);
            opts.always?.();
            throw error;
          },
        );
      // Callback-style callers rarely look at the promise: its rejection is theirs to ignore.
      if (isCallbackStyle(opts)) promise.catch(() => undefined);
      return promise;
    },
    xcall(method, args = {}, type = 'POST') {
      return client.xcall(method, args, { httpMethod: type });
    },
  };
}

function isCallbackStyle(options: FrappeCallOptions): boolean {
  return (
    options.callback !== undefined || options.error !== undefined || options.always !== undefined
  );
}
