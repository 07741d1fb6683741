import type { DocEvent } from '../doc.js';
import type { DocAction, DocOperation, Step } from '../operation.js';
import { runDocEvent } from '../runtime/run-doc-event.js';

/** A step that dispatches one doc event (controller, app hooks, event bus). */
export function hook(event: DocEvent): Step {
  const step = (op: DocOperation) =>
    runDocEvent(op.ctx, event, op.doc, op.before, { inInsert: op.isNew });
  Object.defineProperty(step, 'name', { value: event });
  return step;
}

const BEFORE_SAVE: Record<DocAction, readonly DocEvent[]> = {
  save: ['before_validate', 'validate', 'before_save'],
  submit: ['before_validate', 'validate', 'before_submit'],
  cancel: ['before_cancel'],
  update_after_submit: ['before_update_after_submit'],
};

const AFTER_SAVE: Record<DocAction, readonly DocEvent[]> = {
  save: ['on_update'],
  submit: ['on_update', 'on_submit'],
  cancel: ['on_cancel'],
  update_after_submit: ['on_update_after_submit'],
};

/** Frappe's `run_before_save_methods` for the decided action (§7.12). */
export async function runBeforeSave(op: DocOperation): Promise<void> {
  for (const event of BEFORE_SAVE[op.action]) await hook(event)(op);
}

/** Frappe's `run_post_save_methods` for the decided action, `on_change` excluded (§7.12). */
export async function runAfterSave(op: DocOperation): Promise<void> {
  for (const event of AFTER_SAVE[op.action]) await hook(event)(op);
}
