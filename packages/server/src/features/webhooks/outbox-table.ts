import type { Database, TableSpec } from '../../platform/db/database.js';
import { syncTable } from '../../platform/db/sync-table.js';

/** The webhook outbox: one row per (webhook, document, event) of a committed transaction. */
export const OUTBOX_TABLE = 'tabWebhook Delivery';

/** Delivery states, named as in Frappe's develop branch where it has one. */
export type DeliveryStatus = 'Pending' | 'Delivered' | 'Failed';

/** A row of the outbox. Times are Unix milliseconds so every dialect compares them alike. */
export interface DeliveryRow {
  name: string;
  webhook: string;
  reference_doctype: string;
  reference_name: string;
  event: string;
  user: string;
  doc: string;
  status: DeliveryStatus;
  attempts: number;
  next_attempt_at: number;
  lease_until: number;
  last_error: string | null;
  created_at: number;
}

const SPEC: TableSpec = {
  name: OUTBOX_TABLE,
  columns: [
    { name: 'name', type: 'varchar', length: 64, primaryKey: true },
    { name: 'webhook', type: 'varchar', length: 140, notNull: true },
    { name: 'reference_doctype', type: 'varchar', length: 140, notNull: true },
    { name: 'reference_name', type: 'varchar', length: 140, notNull: true },
    { name: 'event', type: 'varchar', length: 40, notNull: true },
    { name: 'user', type: 'varchar', length: 140, notNull: true },
    { name: 'doc', type: 'longtext', notNull: true },
    { name: 'status', type: 'varchar', length: 20, notNull: true },
    { name: 'attempts', type: 'int', notNull: true, defaultValue: 0 },
    { name: 'next_attempt_at', type: 'bigint', notNull: true, defaultValue: 0 },
    { name: 'lease_until', type: 'bigint', notNull: true, defaultValue: 0 },
    { name: 'last_error', type: 'text' },
    { name: 'created_at', type: 'bigint', notNull: true, defaultValue: 0 },
  ],
  indexes: [
    { name: 'webhook_delivery_due', columns: ['status', 'next_attempt_at'] },
    { name: 'webhook_delivery_reference', columns: ['reference_doctype', 'reference_name'] },
  ],
};

/** Creates or extends the outbox table; run by migrate. */
export async function ensureWebhookOutbox(db: Database): Promise<void> {
  await syncTable(db, SPEC);
}
