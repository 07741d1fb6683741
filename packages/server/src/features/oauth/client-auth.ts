import type { Kysely } from 'kysely';
import { invalidClient } from './oauth-error.js';
import { loadClient, type OAuthClient } from './oauth-client.js';
import { hashToken, sameSecret } from './opaque-tokens.js';

/** A client that the token, revoke or introspect endpoint identified. */
export interface IdentifiedClient {
  readonly client: OAuthClient;
  /** True when a correct secret was presented (Basic or body). */
  readonly authenticated: boolean;
}

export interface ClientCredentials {
  /** The raw `Authorization` header, when present. */
  readonly authorization: string | undefined;
  readonly clientId: string;
  readonly clientSecret: string;
}

/**
 * RFC 6749 §2.3.1 as newest Frappe does it (docs/spec/oauth2.md §5.4): Basic or body
 * credentials, never both; a secret, when given, must be right
 * (constant-time); without one only public clients and v15 legacy clients
 * pass, and they are `authenticated: false` (PKCE then becomes mandatory).
 */
export async function identifyClient(
  db: Kysely<any>,
  credentials: ClientCredentials,
  fallbackClientId = '',
): Promise<IdentifiedClient> {
  const basic = basicCredentials(credentials.authorization);
  if (basic !== null) {
    if (credentials.clientSecret !== '') throw invalidClient();
    if (credentials.clientId !== '' && credentials.clientId !== basic.id) throw invalidClient();
  }
  const clientId = basic?.id ?? (credentials.clientId || fallbackClientId);
  const secret = basic?.secret ?? credentials.clientSecret;
  const client = await loadClient(db, clientId);
  // An unknown client still costs one hash, so timing does not tell which ids exist.
  const presented = hashToken(secret);
  if (client === null) throw invalidClient();
  if (secret !== '') {
    if (client.secretHash === null || !sameSecret(presented, client.secretHash))
      throw invalidClient();
    return { client, authenticated: true };
  }
  if (client.isPublic || client.legacyExchange) return { client, authenticated: false };
  throw invalidClient();
}

/**
 * `Authorization: Basic base64(urlencode(id):urlencode(secret))`; null when
 * the header is absent or another scheme; a malformed value is invalid_client.
 */
function basicCredentials(header: string | undefined): { id: string; secret: string } | null {
  if (header === undefined) return null;
  const parts = header.split(' ');
  if (parts.length !== 2 || parts[0]?.toLowerCase() !== 'basic') return null;
  const encoded = parts[1] ?? '';
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(encoded)) throw invalidClient();
  const decoded = Buffer.from(encoded, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) throw invalidClient();
  try {
    return {
      id: decodeURIComponent(decoded.slice(0, colon).replace(/\+/g, ' ')),
      secret: decodeURIComponent(decoded.slice(colon + 1).replace(/\+/g, ' ')),
    };
  } catch {
    throw invalidClient();
  }
}
