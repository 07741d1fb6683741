import { ValidationError } from '../../core/errors/index.js';
import type { Controller } from '../../engine/runtime/app-definition.js';
import type { Doc } from '../../engine/doc.js';

type Row = Record<string, unknown>;

/** Which child rows carry each parent field, and the label Frappe's message uses. */
const PRIMARY_FIELDS = [
  {
    table: 'email_ids',
    flag: 'is_primary',
    source: 'email_id',
    target: 'email_id',
    label: 'Email ID',
  },
  {
    table: 'phone_nos',
    flag: 'is_primary_phone',
    source: 'phone',
    target: 'phone',
    label: 'Phone',
  },
  {
    table: 'phone_nos',
    flag: 'is_primary_mobile_no',
    source: 'phone',
    target: 'mobile_no',
    label: 'Mobile No',
  },
] as const;

/**
 * Frappe's Contact controller, the parts clients rely on: `full_name` from
 * the name parts (else the company), and the primary e-mail, phone and
 * mobile number copied from the child rows marked primary to the parent's
 * fields (emptied when no row is primary). Two rows marked primary for the
 * same field are refused with Frappe's "Only one … can be set as primary."
 */
export const contactController: Controller = {
  validate(doc) {
    doc['full_name'] = fullName(doc);
    for (const field of PRIMARY_FIELDS) {
      const rows = Array.isArray(doc[field.table]) ? (doc[field.table] as Row[]) : [];
      const primary = rows.filter((row) => Number(row[field.flag] ?? 0) === 1);
      if (primary.length > 1)
        throw new ValidationError(
          `Only one <strong>${field.label}</strong> can be set as primary.`,
        );
      const value = primary[0]?.[field.source];
      doc[field.target] = typeof value === 'string' ? value.trim() : '';
    }
  },
};

function fullName(doc: Doc): string {
  const parts = ['first_name', 'middle_name', 'last_name']
    .map((field) => doc[field])
    .filter((part): part is string => typeof part === 'string' && part.trim() !== '')
    .map((part) => part.trim());
  if (parts.length > 0) return parts.join(' ');
  return typeof doc['company_name'] === 'string' ? doc['company_name'] : '';
}
