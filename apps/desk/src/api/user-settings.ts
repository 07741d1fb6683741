import { client } from './session.js';

/** One user's settings per DocType (Frappe's `frappe.model.user_settings`), kept for the page's life. */
const settings = new Map<string, Record<string, unknown>>();

/** Takes the `user_settings` text that `getdoctype` sends with a definition. */
export function rememberUserSettings(doctype: string, text: unknown): void {
  try {
    const parsed: unknown = JSON.parse(typeof text === 'string' ? text : '{}');
    settings.set(
      doctype,
      parsed && typeof parsed === 'object' ? (parsed as Record<string, unknown>) : {},
    );
  } catch {
    settings.set(doctype, {});
  }
}

/** The user's settings of one kind (`List`, …) for a DocType, or `{}`. */
export function userSettings(doctype: string, key: string): Record<string, unknown> {
  const value = settings.get(doctype)?.[key];
  return value && typeof value === 'object' ? (value as Record<string, unknown>) : {};
}

/**
 * Merges `value` into the settings under `key` and stores them on the server
 * (`frappe.model.utils.user_settings.save`), as Frappe's desk does: only
 * when something changed, and the server's answer becomes the local copy.
 */
export async function saveUserSettings(
  doctype: string,
  key: string,
  value: Record<string, unknown>,
): Promise<void> {
  const current = settings.get(doctype) ?? {};
  const next = { ...current, [key]: { ...userSettings(doctype, key), ...value } };
  if (JSON.stringify(next) === JSON.stringify(current)) return;
  settings.set(doctype, next);
  const saved = await client.xcall<Record<string, unknown>>(
    'frappe.model.utils.user_settings.save',
    {
      doctype,
      user_settings: JSON.stringify({ [key]: next[key] }),
    },
  );
  settings.set(doctype, saved);
}
