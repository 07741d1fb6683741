import { deleteDocAuthValues, getAuthRow, setAuthValue } from '../../platform/db/auth-table.js';
import { decryptPassword, encryptPassword } from '../../platform/crypto/password-cipher.js';
import type { Context } from '../context.js';
import type { DocOperation } from '../operation.js';

/** A value the client sent back unchanged: the mask a read returned. */
const MASK = /^\*+$/;

/**
 * Frappe's `_save_passwords`: each Password field holding a new secret is
 * encrypted into `__Auth` and the column keeps a `*` mask of its length, so
 * the row, its Version history and REST reads never carry the secret. Runs
 * after the controller's `validate`, so controllers that hash a secret
 * themselves (the User's login password and API secret) have already
 * replaced it with a mask.
 */
export async function storePasswords(op: DocOperation): Promise<void> {
  for (const field of op.meta.fields) {
    if (field.fieldtype !== 'Password') continue;
    const value = op.doc[field.fieldname];
    if (typeof value !== 'string' || value === '' || MASK.test(value)) continue;
    const stored = encryptPassword(op.ctx.site.config.encryption_key, value);
    const key = { doctype: op.meta.name, name: String(op.doc.name), fieldname: field.fieldname };
    await setAuthValue(op.ctx.uow.db, key, stored, true);
    op.doc[field.fieldname] = '*'.repeat(value.length);
  }
}

/** Frappe's `delete_all_passwords_for`: a deleted document's secrets go with it. */
export async function forgetPasswords(op: DocOperation): Promise<void> {
  await deleteDocAuthValues(op.ctx.uow.db, op.meta.name, String(op.doc.name));
}

/**
 * Frappe's `get_decrypted_password`: the secret a Password field holds, or
 * null when none is stored or it is a one-way hash (login passwords and API
 * secrets cannot be read back). Callers check permissions themselves.
 */
export async function getDecryptedPassword(
  ctx: Context,
  doctype: string,
  name: string,
  fieldname: string,
): Promise<string | null> {
  const row = await getAuthRow(ctx.uow.db, { doctype, name, fieldname });
  if (row === null || !row.encrypted) return null;
  return decryptPassword(ctx.site.config.encryption_key, row.password);
}
