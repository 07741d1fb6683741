import type { WhitelistedMethod } from '../../engine/app.js';

/** The Frappe release line whose API Cortado speaks; `version` reports it to clients. */
export const FRAPPE_COMPAT_VERSION = '15.0.0';

/**
 * Methods every site answers without an app (api-rest-rpc.md §6.3–6.4):
 * `ping`, `version` and `frappe.auth.get_logged_user`.
 */
export const BUILTIN_METHODS: readonly WhitelistedMethod[] = [
  { path: 'ping', allowGuest: true, xssSafe: true, usesDatabase: false, handler: () => 'pong' },
  {
    path: 'version',
    allowGuest: true,
    xssSafe: true,
    usesDatabase: false,
    handler: () => FRAPPE_COMPAT_VERSION,
  },
  { path: 'frappe.auth.get_logged_user', usesDatabase: false, handler: (_args, ctx) => ctx.user },
];
