import type { Kysely } from 'kysely';
import { getAuthValue, type AuthKey } from '../../platform/db/auth-table.js';

/** One OAuth Client document, as the provider needs it. */
export interface OAuthClient {
  readonly clientId: string;
  readonly appName: string;
  readonly scopes: readonly string[];
  readonly redirectUris: readonly string[];
  readonly defaultRedirectUri: string;
  /** `code` or `token` (from Response Type). */
  readonly responseType: string;
  readonly skipAuthorization: boolean;
  /** `None` makes it a public client (PKCE S256, no secret). */
  readonly isPublic: boolean;
  /** v15 clients: a secret-less exchange is accepted, but only with PKCE (B-O1). */
  readonly legacyExchange: boolean;
  readonly isDynamic: boolean;
  readonly allowedRoles: readonly string[];
  /** SHA-256 of the client secret, or null when none was ever set. */
  readonly secretHash: string | null;
}

export const CLIENT_DOCTYPE = 'OAuth Client';

/** Where the client secret's hash lives: `__Auth`, never the document row. */
export const clientSecretKey = (clientId: string): AuthKey => ({
  doctype: CLIENT_DOCTYPE,
  name: clientId,
  fieldname: 'client_secret',
});

/** Frappe splits on one space; we accept any whitespace (docs/spec/oauth2.md §14). */
export function splitWords(value: unknown): string[] {
  return typeof value === 'string' ? value.split(/\s+/).filter(Boolean) : [];
}

/** The client named `clientId`, or null (bounded length: ids are short names). */
export async function loadClient(db: Kysely<any>, clientId: string): Promise<OAuthClient | null> {
  if (clientId === '' || clientId.length > 140) return null;
  const row = await db
    .selectFrom('tabOAuth Client')
    .selectAll()
    .where('name', '=', clientId)
    .executeTakeFirst();
  if (row === undefined) return null;
  const roles = await db
    .selectFrom('tabOAuth Client Role')
    .select('role')
    .where('parent', '=', clientId)
    .where('parenttype', '=', CLIENT_DOCTYPE)
    .execute();
  return {
    clientId: String(row.name),
    appName: String(row.app_name ?? ''),
    scopes: splitWords(row.scopes),
    redirectUris: splitWords(row.redirect_uris),
    defaultRedirectUri: String(row.default_redirect_uri ?? '').trim(),
    responseType: String(row.response_type || 'Code').toLowerCase(),
    skipAuthorization: Number(row.skip_authorization) === 1,
    isPublic: row.token_endpoint_auth_method === 'None',
    legacyExchange: Number(row.legacy_unauthenticated_token_exchange) === 1,
    isDynamic: Number(row.is_dynamic_client) === 1,
    allowedRoles: roles.map((role) => String(role.role)).filter(Boolean),
    secretHash: await getAuthValue(db, clientSecretKey(String(row.name))),
  };
}
