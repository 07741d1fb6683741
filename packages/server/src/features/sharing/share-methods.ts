import { MandatoryError, PermissionError, ValidationError } from '../../core/errors/index.js';
import type { Context } from '../../engine/context.js';
import type { WhitelistedMethod } from '../../engine/runtime/app-definition.js';
import type { Doc } from '../../engine/doc.js';
import { deleteDoc, getDoc, insertDoc, saveDoc } from '../../engine/document.js';
import { hasPermission, markReadable } from '../../engine/permissions/index.js';

const RIGHTS = ['read', 'write', 'submit', 'share'] as const;
const optionalInt = { type: 'int', optional: true } as const;
const text = { type: 'string' } as const;

/** Runs engine work on DocShare rows without DocShare's own role rules: the share right was checked. */
const system = (ctx: Context): Context => ({
  ...ctx,
  flags: { ...ctx.flags, ignorePermissions: true },
});

/** The document being shared, which must exist (404) and allow `share` to the caller (403). */
async function shareableDoc(ctx: Context, doctype: string, name: string): Promise<Doc> {
  const doc = await getDoc(system(ctx), doctype, name);
  if (!(await hasPermission(ctx, doctype, 'share', doc)))
    throw new PermissionError(`No permission to share ${doctype} ${name}`);
  return doc;
}

async function existingShare(
  ctx: Context,
  doctype: string,
  name: string,
  user: string | null,
): Promise<string | null> {
  const row = await ctx.uow.db
    .selectFrom('tabDocShare')
    .select('name')
    .where('share_doctype', '=', doctype)
    .where('share_name', '=', name)
    .where((eb) => (user === null ? eb('everyone', '=', 1) : eb('user', '=', user)))
    .executeTakeFirst();
  return row === undefined ? null : String(row.name);
}

/**
 * `frappe.share.add`: shares a document with a user (or everyone), creating
 * or updating the one DocShare row for them. Write, submit and share imply
 * read; submit needs a submittable DocType; the user must exist (Link check).
 */
async function add(args: Record<string, unknown>, ctx: Context): Promise<Doc> {
  const doctype = String(args.doctype);
  const name = String(args.name);
  const everyone = Number(args.everyone ?? 0) === 1;
  const user = everyone
    ? null
    : typeof args.user === 'string' && args.user !== ''
      ? args.user
      : null;
  if (!everyone && user === null) throw new MandatoryError('User is mandatory for Share');
  const doc = await shareableDoc(ctx, doctype, name);
  const rights = Object.fromEntries(
    RIGHTS.map((right) => [right, Number(args[right] ?? (right === 'read' ? 1 : 0)) ? 1 : 0]),
  ) as Record<(typeof RIGHTS)[number], number>;
  if (rights.write || rights.submit || rights.share) rights.read = 1;
  if (rights.submit && !ctx.site.meta.getMeta(doctype).is_submittable)
    throw new ValidationError(
      `Cannot share ${doctype} with submit permission as the doctype ${doctype} is not submittable`,
    );
  const values = {
    ...rights,
    everyone: everyone ? 1 : 0,
    notify_by_email: Number(args.notify ?? 0) ? 1 : 0,
  };
  const current = await existingShare(ctx, doctype, String(doc.name), user);
  if (current !== null) {
    const share = await getDoc(system(ctx), 'DocShare', current);
    return markReadable(await saveDoc(system(ctx), { ...share, ...values }));
  }
  // The caller may share this document, so the share row it wrote is answered whole.
  const share = await insertDoc(system(ctx), {
    doctype: 'DocShare',
    user,
    share_doctype: doctype,
    share_name: String(doc.name),
    ...values,
  });
  return markReadable(share);
}

/** `frappe.share.remove`: ends a user's share; needs `share` on the document, as adding does. */
async function remove(args: Record<string, unknown>, ctx: Context): Promise<null> {
  const doctype = String(args.doctype);
  const name = String(args.name);
  const user = typeof args.user === 'string' && args.user !== '' ? args.user : null;
  const current = await existingShare(ctx, doctype, name, user);
  if (current === null) return null;
  await shareableDoc(ctx, doctype, name);
  await deleteDoc(system(ctx), 'DocShare', current);
  return null;
}

/**
 * `frappe.share.get_users`: who a document is shared with. Frappe answers
 * anyone; we ask for read on the document first (docs/spec/DECISIONS.md rule 3).
 */
async function get_users(args: Record<string, unknown>, ctx: Context): Promise<unknown[]> {
  const doctype = String(args.doctype);
  const name = String(args.name);
  const doc = await getDoc(ctx, doctype, name);
  return ctx.uow.db
    .selectFrom('tabDocShare')
    .select(['name', 'user', 'read', 'write', 'submit', 'share', 'everyone', 'owner', 'creation'])
    .where('share_doctype', '=', doctype)
    .where('share_name', '=', String(doc.name))
    .orderBy('creation')
    .execute();
}

/** Frappe's `frappe.share` whitelisted functions. */
export const SHARE_METHODS: readonly WhitelistedMethod[] = [
  {
    path: 'frappe.share.add',
    methods: ['POST'],
    params: {
      doctype: text,
      name: text,
      user: { type: 'string', optional: true },
      read: optionalInt,
      write: optionalInt,
      submit: optionalInt,
      share: optionalInt,
      everyone: optionalInt,
      notify: optionalInt,
    },
    handler: add,
  },
  {
    path: 'frappe.share.remove',
    methods: ['POST'],
    params: { doctype: text, name: text, user: { type: 'string', optional: true } },
    handler: remove,
  },
  { path: 'frappe.share.get_users', params: { doctype: text, name: text }, handler: get_users },
];
