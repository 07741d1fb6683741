import {
  DocstatusTransitionError,
  PermissionError,
  ValidationError,
  type FrappeError,
} from '../../core/errors/index.js';
import type { DocAction, DocOperation } from '../operation.js';
import { childRows } from '../store/child-tables.js';

const LABELS = ['0 (Draft)', '1 (Submitted)', '2 (Cancelled)'];

/** `null` → 0; anything but 0/1/2 is "Invalid docstatus"; children follow the parent (§7.2 step 5). */
export function normalizeDocstatus(op: DocOperation): void {
  const raw = op.doc.docstatus ?? 0;
  const docstatus = typeof raw === 'string' && /^\d+$/.test(raw) ? Number(raw) : raw;
  if (docstatus !== 0 && docstatus !== 1 && docstatus !== 2)
    throw new ValidationError('Invalid docstatus');
  op.doc.docstatus = docstatus;
  applyChildDocstatus(op);
}

/** Every child row carries its parent's docstatus. */
export function applyChildDocstatus(op: DocOperation): void {
  for (const { row } of childRows(op)) row.docstatus = op.doc.docstatus;
}

/**
 * Decides the action from the stored and incoming docstatus (§7.13) and
 * rejects illegal moves with Frappe's texts.
 */
export function decideAction(op: DocOperation): void {
  const incoming = op.doc.docstatus as number;
  // Singles skip the transition check on update: they are always drafts.
  const stored = op.isNew ? null : op.meta.issingle ? 0 : (op.before?.docstatus as number);
  op.action = transition(stored, incoming);
  // A non-submittable DocType has no submit right for anyone, Administrator included (§7.4).
  if (op.action !== 'save' && !op.meta.is_submittable) {
    throw new PermissionError(
      `Insufficient Permission for ${op.meta.name} (<strong>submit</strong>)`,
    );
  }
}

function transition(stored: number | null, incoming: number): DocAction {
  if (stored === 2) throw new ValidationError('Cannot edit cancelled document');
  if (stored === null || stored === 0) {
    if (incoming === 2) throw moveError(0, 2);
    return incoming === 1 ? 'submit' : 'save';
  }
  if (incoming === 0) throw moveError(1, 0);
  return incoming === 1 ? 'update_after_submit' : 'cancel';
}

function moveError(from: number, to: number): FrappeError {
  return new DocstatusTransitionError(
    `Cannot change docstatus from ${LABELS[from]} to ${LABELS[to]}`,
  );
}
