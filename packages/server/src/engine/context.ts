import type { ServerMessage } from '@cortado/protocol';
import type { UnitOfWork } from '../platform/db/database.js';
import type { Site } from './site.js';

/** Flags a caller may set for one operation (Frappe's `doc.flags` / `frappe.flags`). */
export interface ContextFlags {
  readonly ignorePermissions?: boolean;
  readonly ignoreLinks?: boolean;
  readonly ignoreMandatory?: boolean;
  /** Install/migrate: keep client-sent owner/creation. */
  readonly inInstall?: boolean;
}

/**
 * Everything an engine call needs, passed explicitly (no globals, no
 * `frappe.local`). The HTTP layer builds one per request; tests build one by hand.
 */
export interface Context {
  readonly site: Site;
  /** The session user (`Administrator`, `Guest`, an email or user name). */
  readonly user: string;
  /** Roles of `user`, including the automatic ones (`All`, `Guest`). */
  readonly roles: ReadonlySet<string>;
  /** The request's transaction. */
  readonly uow: UnitOfWork;
  readonly flags: ContextFlags;
  readonly requestId: string;
  /**
   * The request's message log (Frappe's `frappe.message_log`), rendered as
   * `_server_messages` (v1) or `messages` (v2). Absent outside HTTP requests.
   */
  readonly messages?: ServerMessage[];
  /**
   * Query debug output asked for with `debug` (Frappe's `debug_log`), rendered
   * as `_debug_messages`. Absent outside HTTP requests.
   */
  readonly debugLog?: string[];
}
