import { randomUUID } from 'node:crypto';
import type { Context, ContextFlags } from '../context.js';
import type { Site } from '../site.js';
import { denyWrites } from './deny-writes.js';
import { refreshSiteMeta } from './meta-version.js';
import { getRoles } from '../permissions/roles.js';
import { cachedForUser } from '../permissions/user-cache.js';

export interface WithContextOptions {
  readonly readOnly?: boolean;
  readonly flags?: ContextFlags;
  readonly requestId?: string;
  /** Read-only maintenance: every write throws `InReadOnlyMode`. */
  readonly denyWrites?: boolean;
}

/**
 * Runs `fn` as `user` in one unit of work on `site`: roles are loaded inside
 * the transaction (or taken from the process's short-lived user cache), custom DocTypes changed by other processes are picked up
 * (`refreshSiteMeta`), the work commits when `fn` resolves and rolls back when it
 * throws. Doc events' `afterCommit` listeners run only after the commit.
 *
 * @example
 * const todo = await withContext(site, 'Administrator', (ctx) => insertDoc(ctx, { doctype: 'ToDo', description: 'x' }));
 */
export function withContext<T>(
  site: Site,
  user: string,
  fn: (ctx: Context) => Promise<T>,
  options: WithContextOptions = {},
): Promise<T> {
  const txOptions = options.readOnly === undefined ? {} : { readOnly: options.readOnly };
  return site.db.transaction(async (transaction) => {
    const uow = options.denyWrites === true ? denyWrites(transaction) : transaction;
    const roles: ReadonlySet<string> = new Set(
      await cachedForUser(site, uow, `roles:${user}`, () => getRoles(uow, user)),
    );
    const ctx: Context = {
      site,
      user,
      roles,
      uow,
      flags: options.flags ?? {},
      requestId: options.requestId ?? randomUUID(),
    };
    await refreshSiteMeta(ctx);
    return fn(ctx);
  }, txOptions);
}
