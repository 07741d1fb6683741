import { PermissionError, ValidationError } from '../../core/errors/index.js';
import type { WhitelistedMethod } from '../../engine/runtime/app-definition.js';
import { revokeAll } from './bearer-tokens.js';

/**
 * Admin: revoke every Active token of a user, of a client, or of a user at
 * one client (System Managers; POST). Answers how many were revoked.
 */
export const revokeAllTokens: WhitelistedMethod = {
  path: 'frappe.integrations.oauth2.revoke_all_tokens',
  methods: ['POST'],
  params: { user: { type: 'string', optional: true }, client: { type: 'string', optional: true } },
  handler: async (args, ctx) => {
    if (!ctx.roles.has('System Manager') && !ctx.roles.has('Administrator'))
      throw new PermissionError('You are not permitted to access this resource.', {
        title: 'Not Permitted',
      });
    const user = typeof args.user === 'string' && args.user !== '' ? args.user : undefined;
    const client = typeof args.client === 'string' && args.client !== '' ? args.client : undefined;
    if (user === undefined && client === undefined)
      throw new ValidationError('Give a user, a client or both');
    return {
      revoked: await revokeAll(ctx.uow, {
        ...(user === undefined ? {} : { user }),
        ...(client === undefined ? {} : { client }),
      }),
    };
  },
};
