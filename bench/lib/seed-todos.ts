import { SingleBar, Presets } from 'cli-progress';
import type { Site } from '../../packages/server/src/engine/site.js';

const BATCH = 500;
const BATCHES_PER_TRANSACTION = 20;
const STATUSES = ['Open', 'Open', 'Closed', 'Cancelled'];
const PRIORITIES = ['High', 'Medium', 'Low'];
/** Distinct assignees: a list filtered on one of them matches 1 row in 50 (×½ for Open). */
export const ASSIGNEES = 50;
const START = Date.UTC(2020, 0, 1);

export function assignee(index: number): string {
  return `user${index % ASSIGNEES}@bench.local`;
}

function datetime(ms: number): string {
  return new Date(ms).toISOString().replace('T', ' ').replace('Z', '000');
}

function todoRow(index: number): Record<string, unknown> {
  const stamp = datetime(START + index * 1000);
  return {
    // Unique without a lookup; ten characters like Frappe's hash names.
    name: `t${index.toString(36).padStart(9, '0')}`,
    creation: stamp,
    modified: stamp,
    modified_by: 'Administrator',
    owner: 'Administrator',
    docstatus: 0,
    idx: 0,
    status: STATUSES[index % STATUSES.length],
    priority: PRIORITIES[index % PRIORITIES.length],
    allocated_to: assignee(index),
    description: `Bench task ${index}`,
    date: stamp.slice(0, 10),
  };
}

async function countTodos(site: Site): Promise<number> {
  const row = await site.db.kysely
    .selectFrom('tabToDo')
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/**
 * Brings `tabToDo` up to `target` rows with multi-row inserts straight into
 * the table (the engine's per-document pipeline would take minutes at 1M),
 * then refreshes planner statistics as a migrate does. Returns the row count.
 */
export async function seedTodos(site: Site, target: number, label: string): Promise<number> {
  const existing = await countTodos(site);
  if (existing >= target) return existing;
  const bar = new SingleBar(
    { format: `${label} {bar} {value}/{total} rows {eta_formatted}` },
    Presets.shades_classic,
  );
  bar.start(target, existing);
  let next = existing;
  while (next < target) {
    await site.db.transaction(async (uow) => {
      for (let b = 0; b < BATCHES_PER_TRANSACTION && next < target; b++) {
        const size = Math.min(BATCH, target - next);
        const rows = Array.from({ length: size }, (_, i) => todoRow(next + i));
        await uow.db.insertInto('tabToDo').values(rows).execute();
        next += size;
      }
    });
    bar.update(next);
  }
  bar.stop();
  await site.db.dialect.analyze?.(site.db.kysely);
  return next;
}

/** Names of `count` seeded rows spread over the table, for GET-one and PUT. */
export async function sampleTodoNames(site: Site, count: number): Promise<string[]> {
  const rows = await site.db.kysely
    .selectFrom('tabToDo')
    .select('name')
    .where('owner', '=', 'Administrator')
    .orderBy('modified', 'desc')
    .limit(count)
    .execute();
  return rows.map((row) => String(row.name));
}
