import type { Database } from '../../platform/db/database.js';
import { OUTBOX_TABLE, type DeliveryRow } from './outbox-table.js';

/** How long a claim is held beyond the request timeout before another worker may take the delivery over. */
const LEASE_MARGIN_MS = 5000;

/**
 * Claims up to `limit` due deliveries for this worker: a lease column that
 * only one worker can move forward. Where the dialect has `SKIP LOCKED`, rows
 * another worker is claiming are skipped instead of waited for; elsewhere
 * (SQLite, one process) the conditional update alone decides.
 */
export async function claimDeliveries(
  db: Database,
  limit: number,
  leaseMs: number,
): Promise<DeliveryRow[]> {
  const now = Date.now();
  return db.transaction(async (uow) => {
    let query = uow.db
      .selectFrom(OUTBOX_TABLE)
      .selectAll()
      .where('status', '=', 'Pending')
      .where('next_attempt_at', '<=', now)
      .where('lease_until', '<=', now)
      .orderBy('next_attempt_at')
      .limit(limit);
    if (uow.dialect.capabilities.skipLocked) query = query.forUpdate().skipLocked();
    const rows = (await query.execute()) as DeliveryRow[];
    const claimed: DeliveryRow[] = [];
    for (const row of rows) {
      const result = await uow.db
        .updateTable(OUTBOX_TABLE)
        .set({ lease_until: now + leaseMs + LEASE_MARGIN_MS, attempts: Number(row.attempts) + 1 })
        .where('name', '=', row.name)
        .where('status', '=', 'Pending')
        .where('lease_until', '<=', now)
        .executeTakeFirst();
      if (Number(result.numUpdatedRows) === 1)
        claimed.push({ ...row, attempts: Number(row.attempts) + 1 });
    }
    return claimed;
  });
}
