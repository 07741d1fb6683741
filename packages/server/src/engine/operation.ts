import type { Meta } from '../model/meta.js';
import type { Context } from './context.js';
import type { Doc } from './doc.js';

/** What a write resolves to (docs/spec/document-model.md §7.1, §7.13). */
export type DocAction = 'save' | 'submit' | 'cancel' | 'update_after_submit';

/**
 * The state one write carries through its lifecycle steps. Steps read and
 * change it; nothing else is shared between them.
 */
export interface DocOperation {
  readonly ctx: Context;
  readonly meta: Meta;
  /** The document being written, child rows as arrays under their Table fieldname. */
  doc: Doc;
  /** The stored version (children included), null for a new document. */
  before: Doc | null;
  action: DocAction;
  readonly isNew: boolean;
  /** The `modified` the client sent, before the server stamps a new one (§10). */
  originalModified: string | null;
}

/** A named lifecycle step. */
export type Step = (op: DocOperation) => Promise<void> | void;
