// Document-engine throughput without HTTP: inserts/s, get-by-name/s and
// 20-row filtered lists/s on ToDo at each table size, one operation at a
// time, each in its own unit of work as a request would run it.
// `node --import tsx bench/engine.ts [--dialects sqlite,postgres] [--rows 10000,100000] [--seconds 2]`
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { getDoc, insertDoc } from '../packages/server/src/engine/document.js';
import { getList } from '../packages/server/src/engine/query/index.js';
import type { Site } from '../packages/server/src/engine/site.js';
import { withContext } from '../packages/server/src/engine/runtime/with-context.js';
import type { DbType } from '../packages/server/src/platform/db/database.js';
import { createBenchSite, dropBenchSite } from './lib/bench-site.js';
import { assignee, sampleTodoNames, seedTodos } from './lib/seed-todos.js';

const { values } = parseArgs({
  options: {
    dialects: { type: 'string', default: 'sqlite,postgres' },
    rows: { type: 'string', default: '10000,100000' },
    seconds: { type: 'string', default: '2' },
  },
});
const seconds = Number(values.seconds);

/** Operations per second of `op`, run back to back for `seconds`. */
async function opsPerSecond(op: (i: number) => Promise<unknown>): Promise<number> {
  const end = performance.now() + seconds * 1000;
  const started = performance.now();
  let count = 0;
  while (performance.now() < end) await op(count++);
  return count / ((performance.now() - started) / 1000);
}

async function measure(site: Site): Promise<[number, number, number]> {
  const names = await sampleTodoNames(site, 100);
  const admin = <T>(fn: Parameters<typeof withContext<T>>[2], readOnly = false) =>
    withContext(site, 'Administrator', fn, { readOnly });
  const inserts = await opsPerSecond((i) =>
    admin((ctx) => insertDoc(ctx, { doctype: 'ToDo', description: `Engine ${i}`, status: 'Open' })),
  );
  const gets = await opsPerSecond((i) =>
    admin((ctx) => getDoc(ctx, 'ToDo', names[i % names.length] ?? ''), true),
  );
  const lists = await opsPerSecond((i) =>
    admin(
      (ctx) =>
        getList(ctx, 'ToDo', {
          fields: ['name', 'status', 'allocated_to', 'modified', 'description'],
          filters: [
            ['status', '=', 'Open'],
            ['allocated_to', '=', assignee(i)],
          ],
          order_by: 'modified desc',
          limit_page_length: 20,
        }),
      true,
    ),
  );
  return [inserts, gets, lists];
}

const lines = [
  '| DB | rows | inserts/s | get-by-name/s | list-20/s |',
  '|---|---:|---:|---:|---:|',
];
for (const dialect of values.dialects.split(',') as DbType[]) {
  const sitesDir = mkdtempSync(join(tmpdir(), 'cortado-engine-'));
  const { site } = await createBenchSite(sitesDir, dialect);
  try {
    for (const rows of values.rows.split(',').map(Number)) {
      await seedTodos(site, rows, `${dialect} ToDo`);
      const [inserts, gets, lists] = await measure(site);
      lines.push(
        `| ${dialect} | ${rows} | ${inserts.toFixed(0)} | ${gets.toFixed(0)} | ${lists.toFixed(0)} |`,
      );
    }
  } finally {
    await dropBenchSite(site);
    rmSync(sitesDir, { recursive: true, force: true });
  }
}
process.stdout.write(
  `Document engine in-process, one operation at a time, ${seconds} s each:\n\n${lines.join('\n')}\n`,
);
