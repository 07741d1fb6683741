import type { Controller } from '../../engine/runtime/app-definition.js';
import type { Doc } from '../../engine/doc.js';
import { smtpSenderFromConfig } from '../../platform/mail/mail-sender.js';
import { storeApiSecret } from './api-keys.js';
import { newResetLink } from './password-reset.js';
import { notePasswordSetter } from './password-set-by-others.js';
import { setUserPassword } from './user-password.js';
import { userTypeFromRoles } from './user-type.js';

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
  /**
   * Frappe's welcome mail: a new user (with `send_welcome_email`, the
   * default) gets a link to set their password, so that the first login
   * starts from a password only they know. Sent after the commit; nothing
   * is prepared when the site has no mail server.
   */
  async after_insert(doc, { ctx }) {
    const name = String(doc.name);
    if (STANDARD_USERS.has(name) || Number(doc.send_welcome_email) !== 1) return;
    const sender = smtpSenderFromConfig(ctx.site.config);
    if (sender === null) return;
    const link = await newResetLink(ctx.site, ctx.uow.db, name);
    ctx.uow.afterCommit(() =>
      sender.send({
        to: name,
        subject: 'Complete Registration',
        text: `Welcome! Your login id is ${name}.\n\nComplete your registration and set your password here:\n${link}\n`,
      }),
    );
  },
  async validate(doc, { ctx }) {
    const name = String(doc.name);
    doc.user_type = await userTypeFromRoles(ctx, doc);
    const password = takeSecret(doc, 'new_password');
    if (password !== null) {
      await setUserPassword(ctx.uow, name, password, { exists: false });
      await notePasswordSetter(ctx.uow.db, name, ctx.user);
    }
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
