import type { DocEventRecord } from '../../engine/runtime/events.js';

/** Doc events a Webhook can subscribe to (its `webhook_docevent` options). */
export const WEBHOOK_EVENTS: ReadonlySet<string> = new Set([
  'after_insert',
  'on_update',
  'on_submit',
  'on_cancel',
  'on_trash',
  'on_update_after_submit',
  'on_change',
]);

/**
 * Frappe's dispatch rule (webhooks spec §2.2): `on_change` never fires while
 * the document is being inserted. Unlike v15/v16, `on_update_after_submit`
 * fires (docs/spec/DECISIONS.md).
 */
export function isWebhookEvent(record: DocEventRecord): boolean {
  if (!WEBHOOK_EVENTS.has(record.event)) return false;
  return !(record.event === 'on_change' && record.inInsert === true);
}
