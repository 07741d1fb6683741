import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../src/core/config/load-config.js';
import { insertDoc } from '../../src/engine/document.js';
import type { Site } from '../../src/engine/site.js';
import { withContext } from '../../src/engine/runtime/with-context.js';
import { dropDatabase } from '../../src/platform/db/connect.js';
import type { DbType } from '../../src/platform/db/database.js';
import { createSite } from '../../src/sites/create-site.js';
import { generateUserApiKeys } from '../../src/sites/user-api-keys.js';
import { testSiteConfig } from '../helpers/dialects.js';
import { waitFor } from '../helpers/wait-for.js';
import { ORDER, ORDER_ITEM, RECEIPT } from '../reliability/reliability-app.js';
import { ENTRY } from './scaling-app.js';
import type { Ack } from './write-load.js';
import { siblingModule } from '../helpers/source-tree.js';

const APP = siblingModule('./scaling-app.ts', import.meta.url).href;
export const ADMIN_PASSWORD = 'Scale-Test-1';
export type Cleanups = (() => Promise<void> | void)[];

/** Every acknowledged order with exactly its rows; every committed `place_order` with one receipt from a worker. */
export async function assertWritesKept(site: Site, acks: readonly Ack[]): Promise<void> {
  const db = site.db.kysely;
  const orders = await db.selectFrom(`tab${ORDER}`).select(['name', 'customer']).execute();
  const names = new Set(orders.map((order) => String(order.name)));
  const rows = await db.selectFrom(`tab${ORDER_ITEM}`).select('parent').execute();
  const rowCount = new Map<string, number>();
  for (const row of rows)
    rowCount.set(String(row.parent), (rowCount.get(String(row.parent)) ?? 0) + 1);
  for (const ack of acks) {
    assert.ok(names.has(ack.name), `acknowledged ${ack.kind} order ${ack.name} is missing`);
    assert.equal(rowCount.get(ack.name), ack.rows, `child rows of ${ack.name}`);
  }
  for (const parent of rowCount.keys())
    assert.ok(names.has(parent), `child row of missing order ${parent}`);
  const placed = orders
    .filter((order) => String(order.customer).startsWith('method-'))
    .map((order) => String(order.name))
    .sort();
  let receipts: string[] = [];
  await waitFor(
    () => `one receipt per committed place_order (${receipts.length} of ${placed.length})`,
    async () => {
      const found = await db.selectFrom(`tab${RECEIPT}`).select('order_name').execute();
      receipts = found.map((receipt) => String(receipt.order_name)).sort();
      return receipts.length >= placed.length;
    },
    { intervalMs: 200 },
  );
  assert.deepEqual(receipts, placed);
}

/**
 * A site of the scaling app on `dialect` in a fresh sites folder, with a
 * webhook on Scale Entry to `receiverUrl` and an API token for Administrator.
 */
export async function newScalingSite(
  dialect: DbType,
  receiverUrl: string,
  cleanups: Cleanups,
  extraConfig: Record<string, unknown> = {},
): Promise<{ dir: string; name: string; token: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'cortado-scaling-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  const name = `scale-${randomUUID().slice(0, 8)}.localhost`;
  const { db_host, db_port, db_user } = testSiteConfig(dialect);
  const config = {
    ...(dialect === 'sqlite' ? {} : { db_host, db_port, db_user }),
    db_type: dialect,
    db_name: name.replace(/\W/g, '_'),
    installed_apps: [APP],
    webhook_poll_interval_ms: 50,
    // Two jobs at a time per process: with one, the receipts of a closed-loop
    // write load on a fast machine outrun the workers (the load backs off on
    // QueueOverloaded, but then writes less).
    background_workers: 2,
    log_level: 'warn',
    ...extraConfig,
  };
  const { site } = await createSite(dir, name, { adminPassword: ADMIN_PASSWORD, config });
  cleanups.push(() => dropDatabase(loadConfig(dir, name), join(dir, name)));
  try {
    await withContext(site, 'Administrator', (ctx) =>
      insertDoc(ctx, {
        doctype: 'Webhook',
        name: 'entry-hook',
        webhook_doctype: ENTRY,
        webhook_docevent: 'after_insert',
        request_url: receiverUrl,
        request_method: 'POST',
        enabled: 1,
      }),
    );
    const keys = await generateUserApiKeys(site, 'Administrator');
    return { dir, name, token: `token ${keys.api_key}:${keys.api_secret}` };
  } finally {
    await site.db.close();
  }
}
