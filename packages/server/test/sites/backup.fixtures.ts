import { randomBytes } from 'node:crypto';
import type { DocTypeJson } from '@cortado/protocol';
import { createAppRegistry } from '../../src/engine/runtime/app-registry.js';
import { createDocEventBus } from '../../src/engine/runtime/event-bus.js';
import { loadMeta } from '../../src/model/load-meta.js';
import { createMetaRegistry } from '../../src/model/meta-cache.js';
import { syncDocTypes } from '../../src/model/schema-sync.js';
import { connectDatabase, dropDatabase } from '../../src/platform/db/connect.js';
import type { DbType } from '../../src/platform/db/database.js';
import { ensureSystemTables } from '../../src/platform/db/system-tables.js';
import { rm } from 'node:fs/promises';
import { fixtureDocType } from '../engine/document/document.fixtures.js';
import { createTestDatabase } from '../helpers/dialects.js';
import { insertDoc } from '../../src/engine/document.js';
import type { Site } from '../../src/engine/site.js';
import { withContext } from '../../src/engine/runtime/with-context.js';

const FULL = [{ role: 'System Manager', read: 1, write: 1, create: 1, delete: 1 }];

/** A parent named by a series, with a child table: what the consistency check looks at. */
export const BACKUP_DOCTYPES = [
  {
    doctype: 'DocType',
    name: 'Backup Order Item',
    module: 'Test',
    istable: 1,
    permissions: [],
    fields: [
      { fieldname: 'item', fieldtype: 'Data', label: 'Item', reqd: 1 },
      { fieldname: 'qty', fieldtype: 'Int', label: 'Qty' },
    ],
  },
  {
    doctype: 'DocType',
    name: 'Backup Order',
    module: 'Test',
    autoname: 'BO-.#####',
    permissions: FULL,
    fields: [
      { fieldname: 'customer', fieldtype: 'Small Text', label: 'Customer', reqd: 1 },
      { fieldname: 'items', fieldtype: 'Table', label: 'Items', options: 'Backup Order Item' },
    ],
  },
] as DocTypeJson[];

/** Inserts one order with two items; resolves with its name once committed. */
export async function insertOrder(site: Site, customer: string): Promise<string> {
  return withContext(site, 'Administrator', async (ctx) => {
    const doc = await insertDoc(ctx, {
      doctype: 'Backup Order',
      customer,
      items: [
        { item: 'apple', qty: 1 },
        { item: 'pear', qty: 2 },
      ],
    });
    return String(doc['name']);
  });
}

/**
 * Inserts orders one after another until stopped, recording each name once
 * its transaction committed (acknowledged) with the time of the commit.
 */
export function writeLoad(site: Site) {
  const acknowledged: { name: string; at: number }[] = [];
  let stopped = false;
  const running = (async () => {
    for (let i = 0; !stopped; i += 1) {
      const name = await insertOrder(site, `customer ${i} ${'x'.repeat(200)}`);
      acknowledged.push({ name, at: performance.now() });
      // better-sqlite3 answers synchronously: without a macrotask turn this loop would starve timers and I/O.
      await new Promise((resolve) => setImmediate(resolve));
    }
  })();
  return {
    acknowledged,
    async stop() {
      stopped = true;
      await running;
    },
  };
}

/** A site of the backup DocTypes whose connection a test may close and reopen around a restore. */
export interface BackupTestSite {
  /** The site as it is now (a new object after `reopen`). */
  readonly site: Site;
  closeDb(): Promise<void>;
  reopen(): Promise<Site>;
  drop(): Promise<void>;
}

/** A fresh database of `type` with the backup DocTypes and an `encryption_key`. */
export async function openBackupSite(type: DbType): Promise<BackupTestSite> {
  const testDb = await createTestDatabase(type);
  const metas = [fixtureDocType('frappe/role.json'), ...BACKUP_DOCTYPES].map(loadMeta);
  await ensureSystemTables(testDb.db);
  await syncDocTypes(testDb.db, metas);
  const config = { ...testDb.config, encryption_key: randomBytes(32).toString('base64url') };
  let site: Site = {
    name: 'backup.test',
    path: testDb.sitePath,
    config,
    db: testDb.db,
    meta: createMetaRegistry(metas),
    apps: createAppRegistry([{ name: 'test', version: '0.0.1', doctypes: BACKUP_DOCTYPES }]),
    events: createDocEventBus(),
  };
  let open = true;
  return {
    get site() {
      return site;
    },
    async closeDb() {
      if (open) await site.db.close();
      open = false;
    },
    async reopen() {
      if (open) await site.db.close();
      site = { ...site, db: await connectDatabase(config, testDb.sitePath) };
      open = true;
      return site;
    },
    async drop() {
      if (open) await site.db.close();
      open = false;
      await dropDatabase(config, testDb.sitePath);
      await rm(testDb.sitePath, { recursive: true, force: true });
    },
  };
}
