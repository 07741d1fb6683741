import type { Database, TableSpec } from '../../../platform/db/database.js';
import { syncTable } from '../../../platform/db/sync-table.js';

/**
 * One row per (Scheduled Job Type, slot) that some scheduler process claimed:
 * the primary key is the distributed lock that makes each slot run once,
 * however many processes run the scheduler.
 */
export const SLOT_TABLE = 'tabScheduler Slot';

const SPEC: TableSpec = {
  name: SLOT_TABLE,
  columns: [
    { name: 'name', type: 'varchar', length: 255, primaryKey: true },
    { name: 'scheduled_job_type', type: 'varchar', length: 140, notNull: true },
    { name: 'slot', type: 'bigint', notNull: true },
    { name: 'claimed_at', type: 'bigint', notNull: true },
  ],
  indexes: [{ name: 'scheduler_slot_claimed', columns: ['claimed_at'] }],
};

export async function ensureSlotTable(db: Database): Promise<void> {
  await syncTable(db, SPEC);
}
