import { PermissionError } from '../../core/errors/index.js';
import type { WhitelistedMethod } from '../../engine/runtime/app-definition.js';
import { generateApiKeys } from '../auth/api-keys.js';

/**
 * `frappe.core.doctype.user.user.generate_keys` (docs/spec/api-rest-rpc.md §6.7):
 * POST only, System Managers only. Returns the new secret once, with the
 * key; only a hash of the secret is kept.
 */
export const USER_KEY_METHODS: readonly WhitelistedMethod[] = [
  {
    path: 'frappe.core.doctype.user.user.generate_keys',
    methods: ['POST'],
    params: { user: { type: 'string' } },
    handler: async (args, ctx) => {
      if (!ctx.roles.has('System Manager')) {
        throw new PermissionError('You are not permitted to access this resource.', {
          title: 'Not Permitted',
        });
      }
      return generateApiKeys(ctx.uow, String(args.user));
    },
  },
];
