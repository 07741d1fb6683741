import { createHash } from 'node:crypto';
import type { UnitOfWork } from '../../platform/db/database.js';
import { currentSigningKey, loadJose } from './signing-keys.js';
import type { UserClaims } from './user-claims.js';

export interface IdTokenInput {
  readonly issuer: string;
  readonly clientId: string;
  readonly accessToken: string;
  readonly claims: UserClaims;
  readonly nonce: string | null;
  /** Epoch seconds the user logged in (or approved). */
  readonly authTime: number;
  readonly now: number;
  readonly lifetimeSeconds: number;
}

/** `at_hash`: base64url of the left half of SHA-256 of the access token (OIDC core §3.1.3.6). */
export function atHash(accessToken: string): string {
  return createHash('sha256').update(accessToken).digest().subarray(0, 16).toString('base64url');
}

/**
 * The id_token: RS256 with the site's current rotating key, its `kid`
 * published in the JWKS (docs/spec/DECISIONS.md: RS256 instead of Frappe's HS256 over the
 * client secret, which we no longer keep).
 */
export async function signIdToken(
  uow: UnitOfWork,
  encryptionKey: string | null | undefined,
  input: IdTokenInput,
): Promise<string> {
  const { kid, key } = await currentSigningKey(uow.db, encryptionKey, input.now);
  const payload: Record<string, unknown> = {
    ...input.claims,
    at_hash: atHash(input.accessToken),
    auth_time: input.authTime,
  };
  if (input.nonce) payload.nonce = input.nonce;
  const { SignJWT } = await loadJose();
  return new SignJWT(payload)
    .setProtectedHeader({ alg: 'RS256', typ: 'JWT', kid })
    .setIssuer(input.issuer)
    .setAudience(input.clientId)
    .setSubject(input.claims.sub)
    .setIssuedAt(input.now)
    .setExpirationTime(input.now + input.lifetimeSeconds)
    .sign(key);
}
