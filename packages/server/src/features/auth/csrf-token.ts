import { randomBytes } from 'node:crypto';

/**
 * A session's CSRF token: 56 hex characters like Frappe's `generate_hash()`.
 * Minted at login and returned as `csrf_token` (newest Frappe, docs/spec/DECISIONS.md);
 * whether requests must send it is the site's `enforce_csrf` setting.
 */
export function mintCsrfToken(): string {
  return randomBytes(28).toString('hex');
}
