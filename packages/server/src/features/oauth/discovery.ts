import type { OAuthSettings } from './oauth-settings.js';

const BASE = '/api/method/frappe.integrations.oauth2.';

/** Endpoint URLs under an issuer. */
export function endpointUrl(issuer: string, method: string): string {
  return `${issuer}${BASE}${method}`;
}

/** OIDC discovery (docs/spec/oauth2.md §15.1) with our RS256 keys and PKCE methods. */
export function openidConfiguration(issuer: string): Record<string, unknown> {
  return {
    issuer,
    authorization_endpoint: endpointUrl(issuer, 'authorize'),
    token_endpoint: endpointUrl(issuer, 'get_token'),
    userinfo_endpoint: endpointUrl(issuer, 'openid_profile'),
    revocation_endpoint: endpointUrl(issuer, 'revoke_token'),
    introspection_endpoint: endpointUrl(issuer, 'introspect_token'),
    jwks_uri: `${issuer}/.well-known/jwks.json`,
    response_types_supported: ['code', 'token'],
    subject_types_supported: ['public'],
    id_token_signing_alg_values_supported: ['RS256'],
    grant_types_supported: ['authorization_code', 'refresh_token', 'password', 'implicit'],
    token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post', 'none'],
    code_challenge_methods_supported: ['S256', 'plain'],
    scopes_supported: ['all', 'openid'],
    claims_supported: [
      'sub',
      'name',
      'given_name',
      'family_name',
      'email',
      'picture',
      'roles',
      'iss',
      'auth_time',
      'nonce',
      'at_hash',
    ],
  };
}

/** RFC 8414 metadata (docs/spec/oauth2.md §15.2); `registration_endpoint` only with DCR on. */
export function authorizationServerMetadata(
  issuer: string,
  settings: OAuthSettings,
): Record<string, unknown> {
  return {
    issuer,
    authorization_endpoint: endpointUrl(issuer, 'authorize'),
    token_endpoint: endpointUrl(issuer, 'get_token'),
    response_types_supported: ['code'],
    response_modes_supported: ['query'],
    grant_types_supported: ['authorization_code', 'refresh_token'],
    token_endpoint_auth_methods_supported: ['none', 'client_secret_basic', 'client_secret_post'],
    revocation_endpoint: endpointUrl(issuer, 'revoke_token'),
    revocation_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post'],
    introspection_endpoint: endpointUrl(issuer, 'introspect_token'),
    userinfo_endpoint: endpointUrl(issuer, 'openid_profile'),
    jwks_uri: `${issuer}/.well-known/jwks.json`,
    code_challenge_methods_supported: ['S256'],
    ...(settings.enableDynamicClientRegistration
      ? { registration_endpoint: endpointUrl(issuer, 'register_client') }
      : {}),
  };
}

/** RFC 9728 metadata (docs/spec/oauth2.md §15.3); empty settings are left out. */
export function protectedResourceMetadata(
  issuer: string,
  settings: OAuthSettings,
): Record<string, unknown> {
  const optional: Record<string, unknown> = {
    resource_name: settings.resourceName,
    resource_documentation: settings.resourceDocumentation,
    resource_policy_uri: settings.resourcePolicyUri,
    resource_tos_uri: settings.resourceTosUri,
    scopes_supported: settings.scopesSupported.length > 0 ? settings.scopesSupported : '',
  };
  return {
    resource: issuer,
    authorization_servers: [issuer],
    bearer_methods_supported: ['header'],
    ...Object.fromEntries(Object.entries(optional).filter(([, value]) => value !== '')),
  };
}
