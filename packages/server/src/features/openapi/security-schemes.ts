import type { JsonSchema } from './schema-types.js';

const OAUTH = '/api/method/frappe.integrations.oauth2.';

/**
 * The ways Frappe authenticates a request (auth.md, docs/spec/oauth2.md): an API key
 * pair as `token key:secret` or Basic, an OAuth 2 bearer token (issued by
 * the authorization-code flow), and the `sid` session cookie from login.
 */
export const SECURITY_SCHEMES: Record<string, JsonSchema> = {
  token: {
    type: 'apiKey',
    in: 'header',
    name: 'Authorization',
    description: "`token <api_key>:<api_secret>` (keys from the user's API Access section).",
  },
  basic: {
    type: 'http',
    scheme: 'basic',
    description: 'API key as the user name and API secret as the password.',
  },
  bearer: { type: 'http', scheme: 'bearer', description: 'An OAuth 2 access token.' },
  oauth2: {
    type: 'oauth2',
    flows: {
      authorizationCode: {
        authorizationUrl: `${OAUTH}authorize`,
        tokenUrl: `${OAUTH}get_token`,
        refreshUrl: `${OAUTH}get_token`,
        scopes: { all: 'Everything the user may do', openid: 'An OpenID Connect ID token' },
      },
    },
  },
  session: {
    type: 'apiKey',
    in: 'cookie',
    name: 'sid',
    description:
      'Session from `/api/method/login`; writes also need the `X-Frappe-CSRF-Token` header.',
  },
};

/** Any one of the schemes authenticates a request. */
export const SIGNED_IN: readonly JsonSchema[] = Object.keys(SECURITY_SCHEMES).map((name) => ({
  [name]: name === 'oauth2' ? ['all'] : [],
}));

/** Guest may call too: no credentials, or any scheme. */
export const GUEST_ALLOWED: readonly JsonSchema[] = [{}, ...SIGNED_IN];
