import type { Controller } from '../../engine/app.js';
import type { Doc } from '../../engine/doc.js';
import { storeApiSecret } from './api-keys.js';
import { setUserPassword } from './user-password.js';

const STANDARD_USERS = new Set(['Administrator', 'Guest']);
const MASK = /^\*+$/;

/**
 * Frappe's User controller, the parts that touch secrets: the name is the
 * lower-case email (Administrator and Guest keep theirs), and a
 * `new_password` or typed-in `api_secret` is hashed into `__Auth` and never
 * reaches the User row (nor its Version history).
 */
export const userController: Controller = {
  autoname(doc) {
    const name = typeof doc.name === 'string' ? doc.name : '';
    if (STANDARD_USERS.has(name)) return name;
    return String(doc.email ?? '')
      .trim()
      .toLowerCase();
  },
  async validate(doc, { ctx }) {
    const name = String(doc.name);
    const password = takeSecret(doc, 'new_password');
    if (password !== null) await setUserPassword(ctx.uow, name, password, { exists: false });
    const secret = takeSecret(doc, 'api_secret');
    if (secret !== null) await storeApiSecret(ctx.uow.db, name, secret);
  },
};

/** The secret a field holds, cleared (new_password) or masked (api_secret) on the document. */
function takeSecret(doc: Doc, field: 'new_password' | 'api_secret'): string | null {
  const value = doc[field];
  if (typeof value !== 'string' || value === '' || MASK.test(value)) return null;
  doc[field] = field === 'new_password' ? '' : '*'.repeat(10);
  return value;
}
