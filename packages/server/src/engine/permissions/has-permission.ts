import { PermissionError } from '../../core/errors/index.js';
import type { Meta, PermissionType } from '../../model/meta.js';
import type { Context } from '../context.js';
import type { Doc } from '../doc.js';
import { msgprint } from '../runtime/msgprint.js';
import { resolveChildParent } from './child-parent.js';
import { getDocRights } from './doc-rights.js';
import { getRolePermissions } from './doctype-permissions.js';
import { loadDoc } from '../store/doc-store.js';
import { HOOK_DENIAL, passesPermissionHooks } from './permission-hooks.js';
import { permlevelAccess } from './permlevels.js';
import { bypassesPermissions } from './rights.js';
import { isSharedWith, shareColumn, sharedNames, sharingDisabled } from './shares.js';

/** Extra input for checks on child DocTypes. */
export interface PermissionCheckOptions {
  /** Parent DocType of a child DocType checked without a row (Frappe's `parent_doctype`). */
  readonly parentDoctype?: string;
}

/** Outcome of a check; `denial` explains a refusal beyond the role rules. */
interface Verdict {
  readonly allowed: boolean;
  readonly denial: string | null;
}

const ALLOWED: Verdict = { allowed: true, denial: null };

/**
 * Whether `ctx.user` has `ptype` on the DocType, or on `doc` when given
 * (roles, if-owner, User Permissions, child tables through their parent,
 * then the apps' `has_permission` hooks for a document).
 * Administrator and `ctx.flags.ignorePermissions` always pass.
 *
 * @example
 * if (await hasPermission(ctx, 'Note', 'write', note)) { … }
 */
export async function hasPermission(
  ctx: Context,
  doctype: string,
  ptype: PermissionType,
  doc?: Doc,
  options: PermissionCheckOptions = {},
): Promise<boolean> {
  return (await evaluate(ctx, ctx.site.meta.getMeta(doctype), ptype, doc, options)).allowed;
}

/**
 * Like `hasPermission`, but throws Frappe's `PermissionError`
 * ("Insufficient Permission for {doctype}", with ` (<strong>{ptype}</strong>)`
 * when a document is checked).
 */
export async function checkPermission(
  ctx: Context,
  doctype: string,
  ptype: PermissionType,
  doc?: Doc,
  options: PermissionCheckOptions = {},
): Promise<void> {
  const verdict = await evaluate(ctx, ctx.site.meta.getMeta(doctype), ptype, doc, options);
  if (verdict.allowed) return;
  // Frappe queues the reason beside the error so clients can show why.
  msgprint(
    ctx,
    verdict.denial ??
      `User ${ctx.user} does not have doctype access via role permission for document ${doctype}`,
  );
  const suffix = doc === undefined ? '' : ` (<strong>${ptype}</strong>)`;
  throw new PermissionError(`Insufficient Permission for ${doctype}${suffix}`);
}

async function evaluate(
  ctx: Context,
  meta: Meta,
  ptype: PermissionType,
  doc: Doc | undefined,
  options: PermissionCheckOptions,
): Promise<Verdict> {
  if (bypassesPermissions(ctx)) return ALLOWED;
  if (ptype === 'share' && (await sharingDisabled(ctx))) return { allowed: false, denial: null };
  if (meta.istable) return evaluateChild(ctx, meta, ptype, doc, options);
  if (doc === undefined) return evaluateDocType(ctx, meta, ptype);
  const { rights, userPermissionDenial } = await getDocRights(ctx, meta, doc);
  // A share is consulted only when roles and User Permissions said no (spec §4 step 7).
  if (!rights[ptype] && !(await isSharedWith(ctx, meta.name, String(doc.name), ptype)))
    return { allowed: false, denial: userPermissionDenial };
  // App hooks run last: they can only veto what roles and User Permissions allow.
  return (await passesPermissionHooks(ctx, meta.name, ptype, doc))
    ? ALLOWED
    : { allowed: false, denial: HOOK_DENIAL };
}

/** Without a document: role rights, or any document of the DocType shared with the user (spec §3). */
async function evaluateDocType(ctx: Context, meta: Meta, ptype: PermissionType): Promise<Verdict> {
  if (getRolePermissions(ctx, meta).rights[ptype]) return ALLOWED;
  const right = shareColumn(ptype);
  const shared = right !== null && (await sharedNames(ctx, meta.name, right)).length > 0;
  return { allowed: shared, denial: null };
}

/** Child rows are judged through their parent DocType and parent document (docs/spec/permissions.md §6). */
async function evaluateChild(
  ctx: Context,
  childMeta: Meta,
  ptype: PermissionType,
  row: Doc | undefined,
  options: PermissionCheckOptions,
): Promise<Verdict> {
  const parent = resolveChildParent(ctx, childMeta, row, options.parentDoctype);
  if ('denial' in parent) return { allowed: false, denial: parent.denial };
  if (row === undefined) return evaluate(ctx, parent.parentMeta, ptype, undefined, {});
  const level = parent.tableField?.permlevel ?? 0;
  if (level > 0 && !permlevelAccess(ctx, parent.parentMeta, ptype).has(level)) {
    return {
      allowed: false,
      denial: `Insufficient Permission Level for ${parent.parentMeta.name}`,
    };
  }
  const parentDoc =
    typeof row.parent === 'string' ? await loadDoc(ctx, parent.parentMeta, row.parent) : null;
  if (parentDoc === null)
    return {
      allowed: false,
      denial: `Not allowed for ${parent.parentMeta.name}: ${String(row.parent ?? '')}`,
    };
  return evaluate(ctx, parent.parentMeta, ptype, parentDoc, {});
}
