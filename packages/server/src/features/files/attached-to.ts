import { ValidationError } from '../../core/errors/index.js';
import type { Doc } from '../../engine/doc.js';

/**
 * Frappe's checks of `attached_to_*` (docs/spec/files.md §4): a name must be a string
 * or an integer, a field name plain word characters; without a name the
 * doctype and field are cleared (v16).
 */
export function normalizeAttachedTo(doc: Doc): void {
  const name = doc.attached_to_name;
  if (name === undefined || name === null || name === '') {
    doc.attached_to_doctype = null;
    doc.attached_to_field = null;
    return;
  }
  if (typeof name !== 'string' && !Number.isInteger(name)) {
    throw new ValidationError('Attached To Name must be a string or an integer');
  }
  doc.attached_to_name = String(name);
  const field = doc.attached_to_field;
  if (field !== undefined && field !== null && field !== '' && !/^\w+$/.test(String(field))) {
    throw new ValidationError('Attached To Field must not contain special characters');
  }
}
