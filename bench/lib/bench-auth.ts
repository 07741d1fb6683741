import { AuthenticationError } from '../../packages/server/src/core/errors/index.js';
import { GUEST, type Authenticator } from '../../packages/server/src/http/plugins/authenticate.js';

/** The `Authorization` header every bench request sends. */
export const BENCH_AUTHORIZATION = 'token bench:bench';

/**
 * Stands in for API-key auth until the auth feature lands: the bench's
 * token is Administrator, anything else two-part is rejected as Frappe does.
 * Costs one string compare, so figures will drop a little once the real
 * token check (a user lookup and a secret comparison) replaces it.
 */
export const benchAuthenticator: Authenticator = (request) => {
  const header = request.headers.authorization;
  if (header === BENCH_AUTHORIZATION) return { user: 'Administrator', via: 'token', systemUser: true };
  if (typeof header === 'string') throw new AuthenticationError('Not permitted', { title: 'Not Permitted' });
  return GUEST;
};
