/**
 * The process the mixed crash test kills: `node --import tsx crash-child.ts
 * <sites-dir> <site> <ack-file> <token>` runs the real server (HTTP, webhook
 * and job workers) and keeps two clients writing until it is killed:
 * REST inserts of an order with child rows, `place_order` (order, rows and a
 * job in one request) and `place_order_then_fail` (the same, then a
 * ValidationError: rolled back). Each acknowledged write is appended as
 * `<kind> <name> <rows>` and fsynced only after the 200 answer.
 */
import { closeSync, fsyncSync, openSync, writeSync } from 'node:fs';
import { createLogger } from '../../src/core/logger.js';
import { startServer } from '../../src/main.js';
import { ORDER } from './reliability-app.js';

const [sitesDir = '', siteName = '', ackFile = '', token = ''] = process.argv.slice(2);
const server = await startServer({
  sitesDir,
  defaultSite: siteName,
  port: 0,
  handleSignals: false,
  realtime: false,
  logger: createLogger({ level: 'silent' }),
});
const acks = openSync(ackFile, 'a');
process.on('exit', () => closeSync(acks));
await (await fetch(`${server.url}/api/method/ping`)).arrayBuffer(); // opens the site, which starts its workers
process.stdout.write('ready\n');

let counter = 0;
await Promise.all([writer(), writer()]);

async function writer(): Promise<never> {
  for (;;) {
    const i = counter++;
    const tag = `${process.pid}-${i}`;
    const items = Array.from({ length: 1 + (i % 4) }, (_, row) => ({
      item: `I-${row}`,
      qty: row + 1,
    }));
    if (i % 5 === 4) await placeAndFail(tag, items);
    else if (i % 2 === 0) {
      const response = await post(`/api/resource/${encodeURIComponent(ORDER)}`, {
        customer: `rest-${tag}`,
        items,
      });
      acknowledge('rest', (response as { data: { name: string } }).data.name, items.length);
    } else {
      const response = await post('/api/method/reliability_test.api.place_order', {
        customer: `method-${tag}`,
        items,
      });
      acknowledge('method', (response as { message: string }).message, items.length);
    }
  }
}

async function placeAndFail(tag: string, items: unknown[]): Promise<void> {
  const response = await fetch(
    `${server.url}/api/method/reliability_test.api.place_order_then_fail`,
    {
      method: 'POST',
      headers: { Authorization: token, 'Content-Type': 'application/json' },
      body: JSON.stringify({ customer: `rollback-${tag}`, items }),
    },
  );
  await response.arrayBuffer();
  if (response.status !== 417) throw new Error(`place_order_then_fail answered ${response.status}`);
}

async function post(path: string, body: unknown): Promise<unknown> {
  const response = await fetch(`${server.url}${path}`, {
    method: 'POST',
    headers: { Authorization: token, 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  const parsed = (await response.json()) as unknown;
  if (response.status !== 200)
    throw new Error(`${path} answered ${response.status}: ${JSON.stringify(parsed)}`);
  return parsed;
}

function acknowledge(kind: string, name: string, rows: number): void {
  writeSync(acks, `${kind} ${name} ${rows}\n`);
  fsyncSync(acks);
}
