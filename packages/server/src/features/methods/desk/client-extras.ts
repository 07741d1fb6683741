import { PermissionError } from '../../../core/errors/index.js';
import type { WhitelistedMethod } from '../../../engine/runtime/app-definition.js';
import { getDecryptedPassword } from '../../../engine/document.js';
import { hasPermission } from '../../../engine/permissions/index.js';
import { AUTOMATIC_ROLES } from '../../../engine/permissions/roles.js';
import { getAll } from '../../../engine/query/index.js';
import { getReadableDoc } from '../../resource/read-guard.js';
import { requireString } from '../../../core/args/arg-values.js';

/**
 * Smaller whitelisted functions clients call (docs/spec/api-rest-rpc.md §6.5):
 * `frappe.client.get_password` (System Managers only, the decrypted value),
 * `frappe.client.is_document_amended` (the amending document's name, else
 * false) and `frappe.core.doctype.user.user.get_all_roles` (every enabled
 * role a user can be given, sorted; the automatic ones left out).
 */
export const CLIENT_EXTRA_METHODS: readonly WhitelistedMethod[] = [
  {
    path: 'frappe.client.get_password',
    handler: async (args, ctx) => {
      if (!ctx.roles.has('System Manager'))
        throw new PermissionError('You are not permitted to access this resource.', {
          title: 'Not Permitted',
        });
      const doctype = requireString(args['doctype'], 'doctype');
      const name = requireString(args['name'], 'name');
      // Frappe loads the document first: a missing one is a 404, an unreadable one a 403.
      await getReadableDoc(ctx, doctype, name);
      return getDecryptedPassword(
        ctx,
        doctype,
        name,
        requireString(args['fieldname'], 'fieldname'),
      );
    },
  },
  {
    path: 'frappe.client.is_document_amended',
    handler: async (args, ctx) => {
      const doctype = requireString(args['doctype'], 'doctype');
      const docname = requireString(args['docname'], 'docname');
      if (!ctx.site.meta.has(doctype) || !(await hasPermission(ctx, doctype, 'read'))) return false;
      const meta = ctx.site.meta.getMeta(doctype);
      if (!meta.fields.some((field) => field.fieldname === 'amended_from')) return false;
      const rows = await getAll(ctx, doctype, {
        fields: ['name'],
        filters: { amended_from: docname },
        limit_page_length: 1,
      });
      const first = rows[0] as { name?: unknown } | undefined;
      return typeof first?.name === 'string' ? first.name : false;
    },
  },
  {
    path: 'frappe.core.doctype.user.user.get_all_roles',
    handler: async (_args, ctx) => {
      const rows = (await getAll(ctx, 'Role', {
        fields: ['name'],
        filters: { disabled: 0 },
        limit_page_length: 0,
      })) as { name: string }[];
      return rows
        .map((row) => row.name)
        .filter((name) => !AUTOMATIC_ROLES.has(name))
        .sort();
    },
  },
];
