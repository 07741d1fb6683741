import { ValidationError } from '../../core/errors/index.js';
import type { Controller } from '../../engine/runtime/app-definition.js';
import type { Doc } from '../../engine/doc.js';
import { setAuthValue } from '../../platform/db/auth-table.js';
import { clientSecretKey } from './oauth-client.js';
import { hashToken } from './opaque-tokens.js';

const MASK = /^\*+$/;
const PAIRS: Record<string, string> = { 'Authorization Code': 'Code', Implicit: 'Token' };
/** A secret typed into the form, between validate (masked) and on_update (hashed). */
const typedSecrets = new WeakMap<Doc, string>();

/**
 * OAuth Client: `client_id` is the name (an imported client keeps its id).
 * A secret typed in (or imported) is stored only as its SHA-256 in
 * `__Auth`, the row keeps a mask (docs/spec/oauth2.md B-O11); a new secret is made
 * and shown once by `generate_client_secret`.
 */
export const oauthClientController: Controller = {
  autoname(doc) {
    const id = doc.client_id;
    return typeof id === 'string' && /^[A-Za-z0-9_-]{1,140}$/.test(id) ? id : '';
  },
  validate(doc) {
    doc.client_id = doc.name;
    checkGrantPair(doc);
    const typed = doc.client_secret;
    if (typeof typed === 'string' && typed !== '' && !MASK.test(typed)) {
      typedSecrets.set(doc, typed);
      doc.client_secret = '*'.repeat(10);
    }
  },
  async on_update(doc, { ctx }) {
    const secret = typedSecrets.get(doc);
    if (secret === undefined) return;
    typedSecrets.delete(doc);
    await setAuthValue(ctx.uow.db, clientSecretKey(String(doc.name)), hashToken(secret));
  },
};

function checkGrantPair(doc: Doc): void {
  const grant = String(doc.grant_type || 'Authorization Code');
  const response = String(doc.response_type || 'Code');
  if (PAIRS[grant] !== response) {
    throw new ValidationError(
      `Combination of Grant Type (<code>${grant}</code>) and Response Type (<code>${response}</code>) not allowed`,
    );
  }
}
