import type { Site } from '../../engine/site.js';
import { countBy } from '../../platform/db/count-by.js';
import { OUTBOX_TABLE } from './outbox-table.js';

/** Deliveries in the site's outbox still to send (`Pending`) and given up on (`Failed`). */
export function deliveryCounts(site: Site): Promise<Map<string, number>> {
  return countBy(site.db.kysely, OUTBOX_TABLE, 'status', ['Pending', 'Failed']);
}
