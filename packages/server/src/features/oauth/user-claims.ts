import { createHmac } from 'node:crypto';
import type { UnitOfWork } from '../../platform/db/database.js';
import { getRoles } from '../../engine/permissions/roles.js';

/** The OIDC profile claims of a user (docs/spec/oauth2.md §9, §13). */
export interface UserClaims {
  readonly sub: string;
  readonly name: string;
  readonly given_name: string;
  readonly family_name: string;
  readonly email: string;
  readonly picture: string | null;
  readonly roles: string[];
  readonly iss: string;
}

/**
 * Frappe's `sub` is a random 39-hex `userid` kept per user; ours is the same
 * shape, derived with HMAC-SHA256 from the site's encryption key, so it is
 * stable, unguessable and needs no extra row.
 */
export function subjectOf(encryptionKey: string | null | undefined, user: string): string {
  return createHmac('sha256', `oauth-sub:${encryptionKey ?? ''}`)
    .update(user)
    .digest('hex')
    .slice(0, 39);
}

export async function userClaims(
  uow: UnitOfWork,
  encryptionKey: string | null | undefined,
  user: string,
  issuer: string,
): Promise<UserClaims> {
  const row = await uow.db
    .selectFrom('tabUser')
    .select(['name', 'email', 'first_name', 'last_name', 'full_name', 'user_image'])
    .where('name', '=', user)
    .executeTakeFirst();
  const text = (value: unknown) => (typeof value === 'string' ? value : '');
  const image = text(row?.user_image);
  return {
    sub: subjectOf(encryptionKey, user),
    name: text(row?.full_name) || [text(row?.first_name), text(row?.last_name)].join(' ').trim(),
    given_name: text(row?.first_name),
    family_name: text(row?.last_name),
    email: text(row?.email) || user,
    picture: image === '' ? null : image.startsWith('/') ? issuer + image : image,
    roles: [...(await getRoles(uow, user))],
    iss: issuer,
  };
}
