import type { WhitelistedMethod } from '../../engine/runtime/app-definition.js';

/** The Frappe release line whose API Cortado speaks; `version` reports it to clients. */
export const FRAPPE_COMPAT_VERSION = '15.0.0';

/**
 * Methods every site answers without an app (docs/spec/api-rest-rpc.md §6.3–6.4):
 * `ping`, `version` and `frappe.auth.get_logged_user`.
 */
export const BUILTIN_METHODS: readonly WhitelistedMethod[] = [
  {
    path: 'ping',
    allowGuest: true,
    xssSafe: true,
    usesDatabase: false,
    summary: 'Answers "pong"',
    returns: { const: 'pong' },
    handler: () => 'pong',
  },
  {
    path: 'version',
    allowGuest: true,
    xssSafe: true,
    usesDatabase: false,
    summary: 'The Frappe version whose API this server speaks',
    returns: { type: 'string' },
    handler: () => FRAPPE_COMPAT_VERSION,
  },
  {
    path: 'frappe.auth.get_logged_user',
    usesDatabase: false,
    summary: 'The user the request is authenticated as',
    returns: { type: 'string' },
    handler: (_args, ctx) => ctx.user,
  },
];
