import { escapeHtml } from '../../core/escape-html.js';
import { page } from './oauth-pages.js';

export interface UpdatePasswordPageInput {
  readonly csrfToken: string;
  /** The mailed reset key; without one the logged-in user gives the old password. */
  readonly key: string;
  /** The link came from a forced reset at login (`password_expired=true`). */
  readonly expired?: boolean;
  readonly error?: string;
}

/**
 * `/update-password`: New Password and Confirm Password (and Old Password
 * when there is no key), posting back to itself; the error, if any, is
 * announced to screen readers and described on the first field.
 */
export function updatePasswordPage(input: UpdatePasswordPageInput): string {
  const title = input.key === '' ? 'Change Password' : 'Reset Password';
  const error =
    input.error === undefined
      ? ''
      : `<p role="alert" id="password-error">${escapeHtml(input.error)}</p>\n`;
  const described = input.error === undefined ? '' : ' aria-describedby="password-error"';
  const note = input.expired
    ? '<p role="note">The password of your account has expired. Please set a new one.</p>\n'
    : '';
  const first = input.key === '' ? oldPasswordField(described) : keyField(input.key);
  const focusNew = input.key === '' ? '' : ` autofocus${described}`;
  return page(
    title,
    `<h1>${title}</h1>
${note}${error}<form method="post" action="/update-password">
<input type="hidden" name="csrf_token" value="${escapeHtml(input.csrfToken)}">
${first}<p><label for="new-password">New Password</label><br>
<input id="new-password" name="new_password" type="password" autocomplete="new-password" required${focusNew}></p>
<p><label for="confirm-password">Confirm Password</label><br>
<input id="confirm-password" name="confirm_password" type="password" autocomplete="new-password" required></p>
<p><button type="submit">Update</button></p>
</form>`,
  );
}

function keyField(key: string): string {
  return `<input type="hidden" name="key" value="${escapeHtml(key)}">\n`;
}

function oldPasswordField(described: string): string {
  return `<p><label for="old-password">Old Password</label><br>
<input id="old-password" name="old_password" type="password" autocomplete="current-password" required autofocus${described}></p>
`;
}
