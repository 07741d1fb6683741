import {
  amendDoc,
  cancelDoc,
  deleteDoc,
  getDoc,
  insertDoc,
  renameDoc,
  saveDoc,
  submitDoc,
  updateDoc,
} from '../../../src/engine/document.js';
import type { HostileCase } from './hostile-world.js';

/** docstatus moves Frappe refuses (docs/spec/document-model.md §7.13). */
const DOCSTATUS_CASES: HostileCase[] = [
  // Any write to a cancelled document is Frappe's plain ValidationError "Cannot edit cancelled document".
  {
    label: 'insert with docstatus 2',
    excType: 'DocstatusTransitionError',
    act: (ctx) =>
      insertDoc(ctx, {
        doctype: 'Test Invoice',
        customer: 'Acme',
        docstatus: 2,
        items: [{ item: 'Pen' }],
      }),
  },
  {
    label: 'insert with docstatus 3',
    excType: 'ValidationError',
    act: (ctx) =>
      insertDoc(ctx, {
        doctype: 'Test Invoice',
        customer: 'Acme',
        docstatus: 3,
        items: [{ item: 'Pen' }],
      }),
  },
  {
    label: 'insert with docstatus -1',
    excType: 'ValidationError',
    act: (ctx) =>
      insertDoc(ctx, {
        doctype: 'Test Invoice',
        customer: 'Acme',
        docstatus: -1,
        items: [{ item: 'Pen' }],
      }),
  },
  {
    label: 'insert with docstatus "x"',
    excType: 'ValidationError',
    act: (ctx) =>
      insertDoc(ctx, {
        doctype: 'Test Invoice',
        customer: 'Acme',
        docstatus: 'x',
        items: [{ item: 'Pen' }],
      }),
  },
  // Frappe checks the submit permission first; no role has it on a non-submittable DocType.
  {
    label: 'insert a submitted non-submittable document',
    excType: 'PermissionError',
    act: (ctx) => insertDoc(ctx, { doctype: 'Test Customer', customer_name: 'Subm', docstatus: 1 }),
  },
  {
    label: 'draft 0 → 2',
    excType: 'DocstatusTransitionError',
    act: (ctx, b) => updateDoc(ctx, 'Test Invoice', b.draft, { docstatus: 2 }),
  },
  {
    label: 'cancel a draft',
    excType: 'DocstatusTransitionError',
    act: (ctx, b) => cancelDoc(ctx, 'Test Invoice', b.draft),
  },
  {
    label: 'submitted 1 → 0',
    excType: 'DocstatusTransitionError',
    act: (ctx, b) => updateDoc(ctx, 'Test Invoice', b.submitted, { docstatus: 0 }),
  },
  {
    label: 'cancelled 2 → 1',
    excType: 'ValidationError',
    act: (ctx, b) => submitDoc(ctx, 'Test Invoice', b.cancelled),
  },
  {
    label: 'cancelled 2 → 0',
    excType: 'ValidationError',
    act: (ctx, b) => updateDoc(ctx, 'Test Invoice', b.cancelled, { docstatus: 0 }),
  },
  {
    label: 'cancel twice',
    excType: 'ValidationError',
    act: (ctx, b) => cancelDoc(ctx, 'Test Invoice', b.cancelled),
  },
  {
    label: 'edit a cancelled document',
    excType: 'ValidationError',
    act: (ctx, b) => updateDoc(ctx, 'Test Invoice', b.cancelled, { remarks: 'late' }),
  },
  {
    label: 'amend a draft',
    excType: 'ValidationError',
    act: (ctx, b) => amendDoc(ctx, 'Test Invoice', b.draft),
  },
  {
    label: 'amend a submitted document',
    excType: 'ValidationError',
    act: (ctx, b) => amendDoc(ctx, 'Test Invoice', b.submitted),
  },
  {
    label: 'submit a non-submittable document',
    excType: 'PermissionError',
    act: (ctx, b) => submitDoc(ctx, 'Test Customer', b.customer),
  },
  {
    label: 'delete a submitted document',
    excType: 'ValidationError',
    act: (ctx, b) => deleteDoc(ctx, 'Test Invoice', b.submitted),
  },
];

/** Changes Frappe forbids once a value is set or a document is submitted. */
const CONSTANT_CASES: HostileCase[] = [
  {
    label: 'change set_only_once tax_id',
    excType: 'CannotChangeConstantError',
    act: (ctx, b) => updateDoc(ctx, 'Test Customer', b.customer, { tax_id: 'T-2' }),
  },
  {
    label: 'clear set_only_once tax_id',
    excType: 'CannotChangeConstantError',
    act: (ctx, b) => updateDoc(ctx, 'Test Customer', b.customer, { tax_id: null }),
  },
  {
    label: 'update after submit: total',
    excType: 'UpdateAfterSubmitError',
    act: (ctx, b) => updateDoc(ctx, 'Test Invoice', b.submitted, { total: 99 }),
  },
  {
    label: 'update after submit: customer',
    excType: 'UpdateAfterSubmitError',
    act: (ctx, b) => updateDoc(ctx, 'Test Invoice', b.submitted, { customer: 'Globex' }),
  },
  {
    label: 'update after submit: child qty',
    excType: 'UpdateAfterSubmitError',
    act: (ctx, b) =>
      updateDoc(ctx, 'Test Invoice', b.submitted, {
        items: [{ name: b.submittedRow, item: 'Pen', qty: 5 }],
      }),
  },
  {
    label: 'update after submit: add a row',
    excType: 'UpdateAfterSubmitError',
    act: (ctx, b) =>
      updateDoc(ctx, 'Test Invoice', b.submitted, {
        items: [{ name: b.submittedRow, item: 'Pen', qty: 1 }, { item: 'Ink' }],
      }),
  },
  {
    label: 'update after submit: remove the rows',
    excType: 'UpdateAfterSubmitError',
    act: (ctx, b) => updateDoc(ctx, 'Test Invoice', b.submitted, { items: [] }),
  },
];

/** Concurrency, child rows, names, missing records and permissions. */
const OTHER_CASES: HostileCase[] = [
  {
    label: 'stale modified',
    excType: 'TimestampMismatchError',
    act: async (ctx, b) =>
      saveDoc(ctx, {
        ...(await getDoc(ctx, 'Test Customer', b.other)),
        modified: '2000-01-01 00:00:00.000000',
        credit: 1,
      }),
  },
  {
    label: 'child row of another parent',
    excType: 'ValidationError',
    act: (ctx, b) =>
      updateDoc(ctx, 'Test Invoice', b.draft, {
        items: [{ name: b.submittedRow, item: 'Stolen' }],
      }),
  },
  {
    label: 'child rows not a list',
    excType: 'ValidationError',
    act: (ctx, b) => updateDoc(ctx, 'Test Invoice', b.draft, { items: 'Pen' }),
  },
  {
    label: 'prompt name missing',
    excType: 'ValidationError',
    act: (ctx) => insertDoc(ctx, { doctype: 'Prompt Doc', title: 'x' }),
  },
  {
    label: 'prompt name of blanks',
    excType: 'ValidationError',
    act: (ctx) => insertDoc(ctx, { doctype: 'Prompt Doc', name: '   ', title: 'x' }),
  },
  {
    label: 'prompt name "New Prompt Doc 1"',
    excType: 'NameError',
    act: (ctx) => insertDoc(ctx, { doctype: 'Prompt Doc', name: 'New Prompt Doc 1', title: 'x' }),
  },
  {
    label: 'rename to an existing name',
    excType: 'ValidationError',
    act: (ctx, b) => renameDoc(ctx, 'Test Customer', b.other, b.customer),
  },
  {
    label: 'rename a missing record',
    excType: 'ValidationError',
    act: (ctx) => renameDoc(ctx, 'Test Customer', 'Nobody', 'Somebody'),
  },
  {
    label: 'rename without allow_rename',
    excType: 'ValidationError',
    act: (ctx, b) => renameDoc(ctx, 'Test Invoice', b.draft, 'INV-X'),
  },
  {
    label: 'update a missing record',
    excType: 'DoesNotExistError',
    act: (ctx) => updateDoc(ctx, 'Test Customer', 'Nobody', { credit: 1 }),
  },
  {
    label: 'delete a missing record',
    excType: 'DoesNotExistError',
    act: (ctx) => deleteDoc(ctx, 'Test Customer', 'Nobody'),
  },
  {
    label: 'delete a linked record',
    excType: 'LinkExistsError',
    act: (ctx, b) => deleteDoc(ctx, 'Test Customer', b.customer),
  },
  {
    label: 'insert into a DocType that does not exist',
    excType: 'DoesNotExistError',
    act: (ctx) => insertDoc(ctx, { doctype: 'No Such DocType' }),
  },
  {
    label: 'insert as Guest',
    excType: 'PermissionError',
    user: 'Guest',
    act: (ctx) => insertDoc(ctx, { doctype: 'Test Customer', customer_name: 'Guesty' }),
  },
  {
    label: 'update as Guest',
    excType: 'PermissionError',
    user: 'Guest',
    act: (ctx, b) => updateDoc(ctx, 'Test Customer', b.other, { credit: 1 }),
  },
  {
    label: 'delete as Guest',
    excType: 'PermissionError',
    user: 'Guest',
    act: (ctx, b) => deleteDoc(ctx, 'Test Customer', b.other),
  },
  {
    label: 'submit as Guest',
    excType: 'PermissionError',
    user: 'Guest',
    act: (ctx, b) => submitDoc(ctx, 'Test Invoice', b.draft),
  },
];

export const LIFECYCLE_CASES: HostileCase[] = [
  ...DOCSTATUS_CASES,
  ...CONSTANT_CASES,
  ...OTHER_CASES,
];
