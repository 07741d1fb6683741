/** What the server asks a sandbox worker to run: one script and the state it sees. */
export interface ScriptRunRequest {
  /** The Python source. */
  readonly script: string;
  /** The script type (`API`, `DocType Event`, …): some names differ per type. */
  readonly kind: string;
  /** The user the script runs as (`frappe.session.user`). */
  readonly user: string;
  readonly lang?: string;
  /** `frappe.form_dict` (and the global `args`). */
  readonly form_dict?: Record<string, unknown>;
  /** `frappe.request`: method, headers, data. */
  readonly request?: Record<string, unknown>;
  /** The live `frappe.response` the script may add keys to. */
  readonly response?: Record<string, unknown>;
  /** Extra globals: `doc` for document events, `user`/`conditions` for permission queries. */
  readonly locals?: Record<string, unknown>;
  /** Globals whose final values the outcome reports (`doc`, `conditions`). */
  readonly return_locals?: readonly string[];
  /** The site's base URL (`frappe.utils.get_url`). */
  readonly site_url?: string;
}

/** A Python exception the script ended with. */
export interface ScriptFailure {
  /** The exception's class name: a Frappe one (`ValidationError`) or Python's (`NameError`). */
  readonly exc_type: string;
  /** True when the class is one of Frappe's (its status comes from Frappe's table). */
  readonly frappe: boolean;
  readonly message: string;
  /** The title given to `frappe.throw`. */
  readonly title?: string;
  readonly traceback?: string;
}

/** A `frappe.msgprint` (or `frappe.throw`) message of the run. */
export interface ScriptMessage {
  readonly message: unknown;
  readonly title: string | null;
  readonly indicator: string | null;
  readonly alert: boolean;
}

/** How a run ended and the state the script left. */
export interface ScriptOutcome {
  readonly ok: boolean;
  readonly error?: ScriptFailure;
  readonly messages: readonly ScriptMessage[];
  /** Lines the script printed (they go to the debug log). */
  readonly printed: readonly string[];
  readonly flags: Record<string, unknown>;
  readonly response: Record<string, unknown>;
  readonly locals?: Record<string, unknown>;
  /** The worker's Python heap after the run. */
  readonly heapBytes: number;
  /** True when `response.filecontent` holds base64 of the bytes the script set. */
  readonly filecontent_base64?: boolean;
}

/** A `frappe.*` call a script makes that the server answers. */
export interface BridgeCall {
  readonly method: string;
  readonly args: Record<string, unknown>;
}

/**
 * A bridge answer asking the worker to run another script's `source` in
 * place, inside the calling script (`frappe.call` of an API script,
 * `run_script`): the worker is blocked on its caller, so a second worker
 * would be needed otherwise, and a pool of busy callers would wait forever.
 */
export class NestedScript {
  constructor(readonly source: string) {}
}

/** Answers a script's bridge calls; a thrown FrappeError reaches the script as that exception. */
export type BridgeHandler = (call: BridgeCall) => Promise<unknown>;
