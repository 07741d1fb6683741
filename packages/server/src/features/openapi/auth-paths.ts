import { ref, type DocumentParts, type JsonSchema } from './schema-types.js';
import { json, jsonBody } from './operation-parts.js';
import { errorResponses } from './error-responses.js';

const OAUTH = '/api/method/frappe.integrations.oauth2.';
const NO_CREDENTIALS: readonly JsonSchema[] = [{}];

/** RFC 6749 §5.2 error body of the OAuth endpoints. */
const OAUTH_ERROR: JsonSchema = {
  type: 'object',
  required: ['error'],
  properties: { error: { type: 'string' }, error_description: { type: 'string' } },
};

const TOKEN: JsonSchema = {
  type: 'object',
  required: ['access_token', 'token_type'],
  properties: {
    access_token: { type: 'string' },
    token_type: { type: 'string', examples: ['Bearer'] },
    expires_in: { type: 'integer' },
    refresh_token: { type: 'string' },
    scope: { type: 'string' },
    id_token: { type: 'string' },
  },
};

/** Reusable schemas of the auth endpoints. */
export const AUTH_SCHEMAS: Record<string, JsonSchema> = {
  OAuthError: OAUTH_ERROR,
  OAuthToken: TOKEN,
};

const oauthErrors: Record<string, JsonSchema> = {
  '4XX': {
    description: "An OAuth error, Frappe's error envelope, or an error page for a browser",
    content: {
      'application/json': {
        schema: { anyOf: [ref('schemas', 'OAuthError'), ref('schemas', 'Error')] },
      },
      'text/html': { schema: { type: 'string' } },
    },
  },
};

function form(properties: Record<string, JsonSchema>, required: string[]): JsonSchema {
  return {
    required: true,
    content: {
      'application/x-www-form-urlencoded': { schema: { type: 'object', properties, required } },
    },
  };
}

function queryParameter(name: string, example: string, required = true): JsonSchema {
  return { name, in: 'query', required, schema: { type: 'string' }, example };
}

const string = { type: 'string' };

/**
 * Login and logout (auth.md) and the OAuth 2 / OpenID Connect endpoints
 * (docs/spec/oauth2.md): what every site serves whoever asks.
 */
export function addAuthPaths(parts: DocumentParts): void {
  const tags = ['Authentication'];
  parts.paths['/api/method/login'] = {
    post: {
      operationId: 'login',
      summary: 'Log in with a user and password; answers the `sid` session cookie',
      tags,
      security: [...NO_CREDENTIALS],
      requestBody: jsonBody({
        type: 'object',
        required: ['usr', 'pwd'],
        properties: { usr: string, pwd: { type: 'string', format: 'password' } },
      }),
      responses: {
        ...json('200', 'Logged in', {
          type: 'object',
          properties: { message: string, home_page: string, full_name: string },
        }),
        ...errorResponses('v1'),
      },
    },
  };
  parts.paths['/api/method/logout'] = {
    post: {
      operationId: 'logout',
      summary: 'End the session',
      tags,
      responses: { ...json('200', 'Logged out', { type: 'object' }), ...errorResponses('v1') },
    },
  };
  addOAuthPaths(parts);
}

function addOAuthPaths(parts: DocumentParts): void {
  const tags = ['OAuth 2'];
  parts.paths[`${OAUTH}authorize`] = {
    get: {
      operationId: 'oauth2.authorize',
      summary: 'Start the authorization-code flow (a browser page)',
      tags,
      security: [...NO_CREDENTIALS],
      parameters: [
        queryParameter('client_id', 'my-client-id'),
        queryParameter('response_type', 'code'),
        queryParameter('redirect_uri', 'https://app.example.com/callback'),
        queryParameter('scope', 'all openid', false),
        queryParameter('state', 'xyz', false),
        queryParameter('code_challenge', 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM', false),
        queryParameter('code_challenge_method', 'S256', false),
      ],
      responses: {
        '200': {
          description: 'The login or consent page',
          content: { 'text/html': { schema: string } },
        },
        '302': { description: 'Back to `redirect_uri` with `code` (or `error`) and `state`' },
        ...oauthErrors,
      },
    },
  };
  parts.paths[`${OAUTH}get_token`] = {
    post: {
      operationId: 'oauth2.get_token',
      summary: 'Exchange a code or refresh token for tokens',
      tags,
      security: [...NO_CREDENTIALS],
      requestBody: form(
        {
          grant_type: { type: 'string', enum: ['authorization_code', 'refresh_token', 'password'] },
          code: string,
          redirect_uri: string,
          client_id: string,
          code_verifier: string,
          refresh_token: string,
        },
        ['grant_type'],
      ),
      responses: { ...json('200', 'Tokens', ref('schemas', 'OAuthToken')), ...oauthErrors },
    },
  };
  for (const name of ['revoke_token', 'introspect_token']) {
    parts.paths[`${OAUTH}${name}`] = {
      post: {
        operationId: `oauth2.${name}`,
        summary: name === 'revoke_token' ? 'Revoke a token' : 'Describe a token (RFC 7662)',
        tags,
        security: [...NO_CREDENTIALS],
        requestBody: form({ token: string, token_type_hint: string }, ['token']),
        responses: { ...json('200', 'Done', { type: 'object' }), ...oauthErrors },
      },
    };
  }
  parts.paths[`${OAUTH}openid_profile`] = {
    get: {
      operationId: 'oauth2.openid_profile',
      summary: "The OpenID Connect claims of the bearer token's user",
      tags,
      security: [{ bearer: [] }],
      responses: {
        ...json('200', 'Claims', { type: 'object', properties: { sub: string } }),
        ...oauthErrors,
      },
    },
  };
  parts.paths['/.well-known/openid-configuration'] = {
    get: {
      operationId: 'oauth2.openid_configuration',
      summary: 'OpenID Connect discovery',
      tags,
      security: [...NO_CREDENTIALS],
      responses: json('200', 'The provider metadata', {
        type: 'object',
        required: ['issuer', 'authorization_endpoint', 'token_endpoint'],
        properties: { issuer: string, authorization_endpoint: string, token_endpoint: string },
      }),
    },
  };
}
