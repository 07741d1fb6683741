import type { PermissionType } from '../../model/meta.js';
import type { Context } from '../context.js';
import type { Site } from '../site.js';
import type { UnitOfWork } from '../../platform/db/database.js';
import { cachedPerRequest } from './request-cache.js';

/** DocTypes with a read share for the request's user, noted as `sharedNames` learns them (for sync field checks). */
const readShares = new WeakMap<UnitOfWork, Set<string>>();

/** The DocShare column that carries a right: shares grant read (and so print/email), write, submit, share. */
export type ShareRight = 'read' | 'write' | 'submit' | 'share';

const SHARE_COLUMN: Partial<Record<PermissionType, ShareRight>> = {
  read: 'read',
  email: 'read',
  print: 'read',
  write: 'write',
  submit: 'submit',
  share: 'share',
};

/** Which share column grants `ptype`, or null for the rights shares never give (create, delete, …). */
export function shareColumn(ptype: PermissionType): ShareRight | null {
  return SHARE_COLUMN[ptype] ?? null;
}

/**
 * Names of `doctype` documents shared with `ctx.user` (or with everyone,
 * never with Guest) with `right` (docs/spec/permissions.md §8), once per request.
 * Empty when the site has no DocShare DocType or sharing is switched off.
 */
export function sharedNames(ctx: Context, doctype: string, right: ShareRight): Promise<string[]> {
  if (!ctx.site.meta.has('DocShare')) return Promise.resolve([]);
  return cachedPerRequest(ctx.uow, `shared:${doctype}:${right}`, async () => {
    if (!(await shareTableReady(ctx)) || (await sharingDisabled(ctx))) return [];
    const rows = await ctx.uow.db
      .selectFrom('tabDocShare')
      .select('share_name')
      .distinct()
      .where('share_doctype', '=', doctype)
      .where(right, '=', 1)
      .where((eb) =>
        ctx.user === 'Guest'
          ? eb('user', '=', ctx.user)
          : eb.or([eb('user', '=', ctx.user), eb('everyone', '=', 1)]),
      )
      .execute();
    const names = rows.map((row) => String(row.share_name));
    if (right === 'read' && names.length > 0) {
      const known = readShares.get(ctx.uow) ?? new Set<string>();
      readShares.set(ctx.uow, known.add(doctype));
    }
    return names;
  });
}

/**
 * Whether this request already found read shares of `doctype` for the user.
 * A shared document's level-0 fields are readable (Frappe adds level 0 to the
 * permitted levels when anything is shared); the permission checks that run
 * before any field is read have looked the shares up by then.
 */
export function knownReadShares(ctx: Context, doctype: string): boolean {
  return readShares.get(ctx.uow)?.has(doctype) === true;
}

/** Whether one document is shared with `ctx.user` with the right that `ptype` needs. */
export async function isSharedWith(
  ctx: Context,
  doctype: string,
  name: string,
  ptype: PermissionType,
): Promise<boolean> {
  const right = shareColumn(ptype);
  return right !== null && (await sharedNames(ctx, doctype, right)).includes(name);
}

const readySites = new WeakSet<Site>();

/**
 * Whether `tabDocShare` exists: a site not migrated since DocShare arrived
 * has no shares rather than failing every list. Only a positive answer is
 * remembered, so a migrate in another process is noticed.
 */
export async function shareTableReady(ctx: Context): Promise<boolean> {
  if (readySites.has(ctx.site)) return true;
  if ((await ctx.uow.dialect.listColumns(ctx.uow.db, 'tabDocShare')) === null) return false;
  readySites.add(ctx.site);
  return true;
}

/** System Settings `disable_document_sharing`: no share counts, and nobody may share. */
export function sharingDisabled(ctx: Context): Promise<boolean> {
  if (!ctx.site.meta.has('System Settings')) return Promise.resolve(false);
  return cachedPerRequest(ctx.uow, 'sharing-disabled', async () => {
    const row = await ctx.uow.db
      .selectFrom('tabSingles')
      .select('value')
      .where('doctype', '=', 'System Settings')
      .where('field', '=', 'disable_document_sharing')
      .executeTakeFirst();
    return row !== undefined && Number(row.value) === 1;
  });
}
