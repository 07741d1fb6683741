import { randomBytes } from 'node:crypto';
import type { Context } from '../../engine/context.js';
import { insertDoc } from '../../engine/document.js';
import { OAuthError } from './oauth-error.js';

const AUTH_METHODS: Record<string, string> = {
  none: 'None',
  client_secret_basic: 'Client Secret Basic',
  client_secret_post: 'Client Secret Post',
};
const TEXT_FIELDS = [
  'client_name',
  'client_uri',
  'logo_uri',
  'tos_uri',
  'policy_uri',
  'software_id',
  'software_version',
  'scope',
] as const;
const MAX_TEXT = 1000;
const MAX_URIS = 20;

const invalidMetadata = (description: string) =>
  new OAuthError('invalid_client_metadata', description);

/**
 * RFC 7591 registration (docs/spec/oauth2.md §16), when the site enabled it: checks
 * the metadata, creates an OAuth Client flagged dynamic and answers 201's
 * body, the secret (confidential clients only) shown this once.
 */
export async function registerClient(
  ctx: Context,
  body: unknown,
  developerMode: boolean,
  now: number,
): Promise<Record<string, unknown>> {
  if (body === null || typeof body !== 'object' || Array.isArray(body))
    throw invalidMetadata('Request body is empty');
  const metadata = body as Record<string, unknown>;
  if (Object.keys(metadata).length === 0) throw invalidMetadata('Request body is empty');
  const text = Object.fromEntries(TEXT_FIELDS.map((field) => [field, textOf(metadata, field)]));
  const redirectUris = redirectUrisOf(metadata.redirect_uris, developerMode);
  const method = textOf(metadata, 'token_endpoint_auth_method') || 'client_secret_basic';
  const authMethod = AUTH_METHODS[method];
  if (authMethod === undefined) throw invalidMetadata('Unsupported token_endpoint_auth_method');
  const grantTypes = listOf(metadata.grant_types, ['authorization_code'], 'grant_types');
  if (!grantTypes.every((grant) => grant === 'authorization_code' || grant === 'refresh_token'))
    throw invalidMetadata('Unsupported grant_types');
  const responseTypes = listOf(metadata.response_types, ['code'], 'response_types');
  if (!responseTypes.every((type) => type === 'code'))
    throw invalidMetadata('Unsupported response_types');
  const contacts = listOf(metadata.contacts, [], 'contacts');
  const secret = authMethod === 'None' ? null : randomBytes(32).toString('hex');
  const doc = await insertDoc(
    { ...ctx, flags: { ...ctx.flags, ignorePermissions: true } },
    {
      doctype: 'OAuth Client',
      app_name: text.client_name || 'Unnamed client',
      scopes: text.scope || 'all',
      redirect_uris: redirectUris.join('\n'),
      default_redirect_uri: redirectUris[0],
      grant_type: 'Authorization Code',
      response_type: 'Code',
      skip_authorization: 0,
      token_endpoint_auth_method: authMethod,
      client_uri: text.client_uri,
      logo_uri: text.logo_uri,
      tos_uri: text.tos_uri,
      policy_uri: text.policy_uri,
      software_id: text.software_id,
      software_version: text.software_version,
      contacts: contacts.join('\n'),
      is_dynamic_client: 1,
      client_secret: secret ?? '',
      allowed_roles: [{ role: 'All' }],
    },
  );
  const answer: Record<string, unknown> = {
    client_id: doc.name,
    client_secret: secret,
    client_id_issued_at: now,
    client_secret_expires_at: 0,
    client_name: text.client_name,
    client_uri: text.client_uri,
    grant_types: grantTypes,
    response_types: responseTypes,
    logo_uri: text.logo_uri,
    tos_uri: text.tos_uri,
    policy_uri: text.policy_uri,
    software_id: text.software_id,
    software_version: text.software_version,
    scope: text.scope || 'all',
    redirect_uris: redirectUris,
    contacts: contacts.length > 0 ? contacts : null,
    token_endpoint_auth_method: method,
  };
  return Object.fromEntries(
    Object.entries(answer).filter(([, value]) => value !== null && value !== ''),
  );
}

function textOf(metadata: Record<string, unknown>, field: string): string {
  const value = metadata[field];
  if (value === undefined || value === null) return '';
  if (typeof value !== 'string' || value.length > MAX_TEXT)
    throw invalidMetadata(`Invalid ${field}`);
  return value.trim();
}

function listOf(value: unknown, fallback: string[], field: string): string[] {
  if (value === undefined || value === null) return fallback;
  if (
    !Array.isArray(value) ||
    value.length > MAX_URIS ||
    !value.every((item) => typeof item === 'string' && item.length <= MAX_TEXT)
  )
    throw invalidMetadata(`Invalid ${field}`);
  return value as string[];
}

/** https, loopback http, or a native app's private scheme (B-O13); plain http only in developer mode. */
function redirectUrisOf(value: unknown, developerMode: boolean): string[] {
  const uris = listOf(value, [], 'redirect_uris');
  if (uris.length === 0) throw invalidMetadata('redirect_uris is required');
  for (const uri of uris) {
    if (!URL.canParse(uri) || /\s/.test(uri)) throw invalidMetadata(`Invalid redirect URI: ${uri}`);
    const url = new URL(uri);
    if (url.hash !== '') throw invalidMetadata('Redirect URIs must not have a fragment');
    const loopback = ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname);
    if (url.protocol === 'http:' && !loopback && !developerMode)
      throw invalidMetadata('Redirect URIs must use https');
  }
  return uris;
}
