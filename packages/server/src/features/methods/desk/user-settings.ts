import { DoesNotExistError, ValidationError } from '../../../core/errors/index.js';
import { parseJsonObject, requireString } from '../../../core/args/arg-values.js';
import type { WhitelistedMethod } from '../../../engine/runtime/app-definition.js';
import type { Context } from '../../../engine/context.js';
import { readUserSettings, updateUserSettings } from '../../../platform/db/user-settings-table.js';

/**
 * `frappe.model.utils.user_settings.save` and `.get`: what the desk
 * remembers per user and DocType (list filters, sort, column widths), as a
 * JSON object. `save` merges the given top-level keys into the stored
 * object, as Frappe does (`current.update(user_settings)`), and answers the
 * result; `get` answers the stored object as JSON text, `"{}"` when none.
 */
const PATH = 'frappe.model.utils.user_settings';

/** Frappe's `__UserSettings.data` is a TEXT column: 65,535 bytes on MariaDB. */
const MAX_BYTES = 65_535;

/** The settings of a DocType that exists; identifiers are checked against metadata. */
function knownDoctype(ctx: Context, args: Record<string, unknown>): string {
  const doctype = requireString(args['doctype'], 'doctype');
  if (!ctx.site.meta.has(doctype)) throw new DoesNotExistError(`DocType ${doctype} not found`);
  return doctype;
}

/** The stored object; a row that does not hold a JSON object counts as empty. */
function storedObject(text: string | null): Record<string, unknown> {
  try {
    const parsed: unknown = JSON.parse(text ?? '{}');
    return parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed)
      ? (parsed as Record<string, unknown>)
      : {};
  } catch {
    return {};
  }
}

/** The user's settings for a DocType as JSON text (also sent by `getdoctype` as `user_settings`). */
export async function getUserSettings(ctx: Context, doctype: string): Promise<string> {
  return JSON.stringify(storedObject(await readUserSettings(ctx.uow, ctx.user, doctype)));
}

async function save(args: Record<string, unknown>, ctx: Context): Promise<unknown> {
  const doctype = knownDoctype(ctx, args);
  const changes = parseJsonObject(args['user_settings'] ?? '{}', 'user_settings');
  const text = await updateUserSettings(ctx.uow, ctx.user, doctype, (stored) => {
    const merged = JSON.stringify({ ...storedObject(stored), ...changes });
    if (Buffer.byteLength(merged) > MAX_BYTES)
      throw new ValidationError(`User settings of ${doctype} exceed ${MAX_BYTES} bytes`);
    return merged;
  });
  return JSON.parse(text) as unknown;
}

async function get(args: Record<string, unknown>, ctx: Context): Promise<string> {
  return getUserSettings(ctx, knownDoctype(ctx, args));
}

export const USER_SETTINGS_METHODS: readonly WhitelistedMethod[] = [
  {
    path: `${PATH}.save`,
    methods: ['POST'],
    params: { doctype: { type: 'string' } },
    summary: "Merges keys into the user's settings for a DocType and answers the result.",
    handler: save,
  },
  {
    path: `${PATH}.get`,
    methods: ['GET', 'POST'],
    params: { doctype: { type: 'string' } },
    summary: "The user's settings for a DocType, as JSON text.",
    handler: get,
  },
];
