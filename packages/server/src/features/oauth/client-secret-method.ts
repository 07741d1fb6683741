import { randomBytes } from 'node:crypto';
import { DoesNotExistError, PermissionError } from '../../core/errors/index.js';
import type { WhitelistedMethod } from '../../engine/runtime/app-definition.js';
import type { Context } from '../../engine/context.js';
import { setAuthValue } from '../../platform/db/auth-table.js';
import { CLIENT_DOCTYPE, clientSecretKey } from './oauth-client.js';
import { hashToken } from './opaque-tokens.js';

/** A new client secret (32 random bytes, hex), replacing the old one; only its hash is kept. */
export async function generateClientSecret(ctx: Context, clientId: string): Promise<string> {
  const row = await ctx.uow.db
    .selectFrom('tabOAuth Client')
    .select('name')
    .where('name', '=', clientId)
    .executeTakeFirst();
  if (row === undefined) throw new DoesNotExistError(`${CLIENT_DOCTYPE} ${clientId} not found`);
  const secret = randomBytes(32).toString('hex');
  await setAuthValue(ctx.uow.db, clientSecretKey(clientId), hashToken(secret));
  await ctx.uow.db
    .updateTable('tabOAuth Client')
    .set({ client_secret: '*'.repeat(10) })
    .where('name', '=', clientId)
    .execute();
  return secret;
}

/**
 * `frappe.integrations.oauth2.generate_client_secret` (POST, System
 * Managers): like `generate_keys` for API keys, the secret is answered once
 * and never readable again.
 */
export const generateClientSecretMethod: WhitelistedMethod = {
  path: 'frappe.integrations.oauth2.generate_client_secret',
  methods: ['POST'],
  params: { client: { type: 'string' } },
  handler: async (args, ctx) => {
    if (!ctx.roles.has('System Manager') && !ctx.roles.has('Administrator'))
      throw new PermissionError('You are not permitted to access this resource.', {
        title: 'Not Permitted',
      });
    const client = String(args.client);
    return { client_id: client, client_secret: await generateClientSecret(ctx, client) };
  },
};
