import type { Context } from '../../engine/context.js';
import { insertDoc } from '../../engine/document.js';
import { hashToken, newOpaqueToken } from './opaque-tokens.js';
import { datetimeOf, epochOf } from './wall-clock.js';

const TABLE = 'tabOAuth Authorization Code';
export const CODE_DOCTYPE = 'OAuth Authorization Code';
/** Codes live 10 minutes (docs/spec/oauth2.md B-O4). */
export const CODE_LIFETIME_SECONDS = 600;

export interface CodeGrant {
  readonly clientId: string;
  readonly user: string;
  readonly scopes: readonly string[];
  readonly redirectUri: string;
  readonly nonce: string;
  readonly codeChallenge: string;
  /** `s256`, `plain` or '' (stored lower-case, as Frappe does). */
  readonly codeChallengeMethod: string;
  readonly authTime: number;
}

export interface StoredCode extends CodeGrant {
  /** SHA-256 of the code: the row's name. */
  readonly hash: string;
  readonly valid: boolean;
  readonly expiresAt: number;
}

/** Issues a code bound to the session user and redirect URI; only its hash is stored. */
export async function issueCode(ctx: Context, grant: CodeGrant, now: number): Promise<string> {
  const code = newOpaqueToken();
  await insertDoc(
    { ...ctx, flags: { ...ctx.flags, ignorePermissions: true } },
    {
      doctype: CODE_DOCTYPE,
      authorization_code: hashToken(code),
      client: grant.clientId,
      user: grant.user,
      scopes: grant.scopes.join(' '),
      redirect_uri_bound_to_authorization_code: grant.redirectUri,
      validity: 'Valid',
      nonce: grant.nonce,
      code_challenge: grant.codeChallenge,
      code_challenge_method: grant.codeChallengeMethod,
      expiration_time: datetimeOf(now + CODE_LIFETIME_SECONDS),
      auth_time: grant.authTime,
    },
  );
  return code;
}

/** The stored code a client presents, found by its hash. */
export async function findCode(ctx: Context, code: string): Promise<StoredCode | null> {
  if (code === '' || code.length > 200) return null;
  const hash = hashToken(code);
  const row = await ctx.uow.db
    .selectFrom(TABLE)
    .selectAll()
    .where('name', '=', hash)
    .executeTakeFirst();
  if (row === undefined) return null;
  return {
    hash,
    clientId: String(row.client ?? ''),
    user: String(row.user ?? ''),
    scopes: String(row.scopes ?? '')
      .split(' ')
      .filter(Boolean),
    redirectUri: String(row.redirect_uri_bound_to_authorization_code ?? ''),
    nonce: String(row.nonce ?? ''),
    codeChallenge: String(row.code_challenge ?? ''),
    codeChallengeMethod: String(row.code_challenge_method ?? ''),
    authTime: Number(row.auth_time ?? 0),
    valid: row.validity === 'Valid',
    expiresAt: epochOf(row.expiration_time),
  };
}

/**
 * Marks a code used: single-use, and also after any failed exchange
 * (B-O4). Returns false when another request used it first, so only one
 * exchange can ever win.
 */
export async function invalidateCode(ctx: Context, hash: string): Promise<boolean> {
  const result = await ctx.uow.db
    .updateTable(TABLE)
    .set({ validity: 'Invalid' })
    .where('name', '=', hash)
    .where('validity', '=', 'Valid')
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}
