import { randomBytes } from 'node:crypto';
import { ValidationError } from '../../core/errors/index.js';
import type { Controller } from '../../engine/app.js';
import type { Doc } from '../../engine/doc.js';
import { setAuthValue } from '../../platform/db/auth-table.js';
import { clientSecretKey } from './oauth-client.js';
import { hashToken } from './opaque-tokens.js';

const MASK = /^\*+$/;
const PAIRS: Record<string, string> = { 'Authorization Code': 'Code', Implicit: 'Token' };
/** The secret of a document being inserted, kept only until the insert answers. */
const shownOnce = new WeakMap<Doc, string>();

/**
 * OAuth Client: `client_id` is the name; a secret is generated when none is
 * given (32 random bytes, hex). Only its SHA-256 is stored (in `__Auth`); the
 * row keeps a mask, and the insert's answer shows the secret once
 * (oauth2.md B-O11). A secret typed in later replaces the stored hash.
 */
export const oauthClientController: Controller = {
  // A client imported from another site keeps its id; new ones get a hash name.
  autoname(doc) {
    const id = doc.client_id;
    return typeof id === 'string' && /^[A-Za-z0-9_-]{1,140}$/.test(id) ? id : '';
  },
  validate(doc, { before }) {
    doc.client_id = doc.name;
    checkGrantPair(doc);
    const typed = doc.client_secret;
    const isNew = before === undefined || before === null;
    if (typeof typed === 'string' && typed !== '' && !MASK.test(typed)) {
      shownOnce.set(doc, typed);
    } else if (isNew && doc.token_endpoint_auth_method !== 'None') {
      shownOnce.set(doc, randomBytes(32).toString('hex'));
    }
    const secret = shownOnce.get(doc);
    if (secret !== undefined) doc.client_secret = '*'.repeat(10);
  },
  async on_update(doc, { ctx }) {
    const secret = shownOnce.get(doc);
    if (secret === undefined) return;
    await setAuthValue(ctx.uow.db, clientSecretKey(String(doc.name)), hashToken(secret));
  },
  // Last step of an insert: the stored row and its Version already hold the mask.
  on_change(doc) {
    const secret = shownOnce.get(doc);
    if (secret === undefined) return;
    shownOnce.delete(doc);
    doc.client_secret = secret;
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
