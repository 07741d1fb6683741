import { ensureJobTable } from '../features/jobs/index.js';
import { ensureSlotTable } from '../features/jobs/scheduler/index.js';
import { ensureWebhookOutbox } from '../features/webhooks/index.js';
import type { Database } from '../platform/db/database.js';

/** Tables features keep outside DocTypes (outboxes, queues), created or extended by every migrate. */
const FEATURE_TABLES: readonly ((db: Database) => Promise<void>)[] = [
  ensureWebhookOutbox,
  ensureJobTable,
  ensureSlotTable,
];

export async function ensureFeatureTables(db: Database): Promise<void> {
  for (const ensure of FEATURE_TABLES) await ensure(db);
}
