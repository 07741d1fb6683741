import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig } from '../../packages/server/src/core/config/load-config.js';
import { updateSiteConfig } from '../../packages/server/src/core/config/update-site-config.js';
import { createAppRegistry } from '../../packages/server/src/engine/runtime/app-registry.js';
import { insertDoc } from '../../packages/server/src/engine/document.js';
import { createDocEventBus } from '../../packages/server/src/engine/runtime/event-bus.js';
import type { Site } from '../../packages/server/src/engine/site.js';
import { generateApiKeys } from '../../packages/server/src/features/auth/api-keys.js';
import { issueTokens } from '../../packages/server/src/features/oauth/bearer-tokens.js';
import { withContext } from '../../packages/server/src/engine/runtime/with-context.js';
import { loadMeta } from '../../packages/server/src/model/load-meta.js';
import { loadRuntimeDocTypes } from '../../packages/server/src/engine/runtime/meta-version.js';
import { createLogger } from '../../packages/server/src/core/logger.js';
import { webhookOutboxListener } from '../../packages/server/src/features/webhooks/index.js';
import { createMetaRegistry } from '../../packages/server/src/model/meta-cache.js';
import {
  connectDatabase,
  createDatabaseIfMissing,
  dropDatabase,
} from '../../packages/server/src/platform/db/connect.js';
import type { DbType } from '../../packages/server/src/platform/db/database.js';
import { coreApp } from '../../packages/server/src/sites/core-app.js';
import { setAdminPassword } from '../../packages/server/src/sites/admin-password.js';
import { migrateSite } from '../../packages/server/src/sites/migrate-site.js';
import { fixturesApp } from './fixtures-app.js';
import { ASSIGNEES, assignee } from './seed-todos.js';

export const BENCH_SITE = 'bench.localhost';

/** The local test services (PostgreSQL as `postgres`, MariaDB as `root`, no passwords). */
const SERVERS: Record<DbType, Record<string, unknown>> = {
  sqlite: {},
  postgres: { db_host: '127.0.0.1', db_port: 5432, db_user: 'postgres' },
  mariadb: { db_host: '127.0.0.1', db_port: 3306, db_user: 'root' },
};

/**
 * Opens the bench site like `openSite`, with the ERPNext fixture DocTypes
 * as an extra app (they are test fixtures, not an npm package).
 */
export async function openBenchSite(sitesDir: string): Promise<Site> {
  const path = join(sitesDir, BENCH_SITE);
  const config = loadConfig(sitesDir, BENCH_SITE);
  const core = coreApp();
  const apps = [core, fixturesApp(core.doctypes.map((doctype) => doctype.name))];
  const meta = createMetaRegistry(apps.flatMap((app) => app.doctypes).map(loadMeta));
  const db = await connectDatabase(config, path);
  const site: Site = {
    name: BENCH_SITE,
    path,
    config,
    db,
    meta,
    apps: createAppRegistry(apps),
    events: createDocEventBus(),
  };
  // As openSite does: every save looks for Webhooks to write outbox rows for.
  site.events.subscribe(webhookOutboxListener(createLogger({ level: 'silent' })));
  await loadRuntimeDocTypes(site);
  return site;
}

/** A fresh bench site and the Customer its Sales Orders are for. */
export interface BenchSite {
  readonly site: Site;
  readonly customer: string;
  /** `Authorization` header of Administrator's API key, checked by the real token auth. */
  readonly authorization: string;
  /** `Authorization: Bearer …` of an OAuth access token of Administrator (scope `all`). */
  readonly bearer: string;
}

/** Creates, migrates and opens a fresh bench site with the ToDo assignees and the Sales Order master data. */
export async function createBenchSite(sitesDir: string, dialect: DbType): Promise<BenchSite> {
  const path = join(sitesDir, BENCH_SITE);
  mkdirSync(path, { recursive: true });
  const dbName = `cortado_bench_${randomBytes(4).toString('hex')}`;
  updateSiteConfig(path, {
    db_type: dialect,
    db_name: dbName,
    encryption_key: randomBytes(32).toString('base64url'),
    ...SERVERS[dialect],
  });
  await createDatabaseIfMissing(loadConfig(sitesDir, BENCH_SITE), path);
  const site = await openBenchSite(sitesDir);
  await migrateSite(site);
  await setAdminPassword(site, randomBytes(12).toString('hex'));
  const customer = await withContext(site, 'Administrator', insertMasterData);
  const keys = await site.db.transaction((uow) => generateApiKeys(uow, 'Administrator'));
  return {
    site,
    customer,
    authorization: `token ${keys.api_key}:${keys.api_secret}`,
    bearer: `Bearer ${await benchAccessToken(site)}`,
  };
}

/** An OAuth client and an access token issued the way the token endpoint stores them (hashed). */
async function benchAccessToken(site: Site): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  return withContext(site, 'Administrator', async (ctx) => {
    const client = await insertDoc(ctx, {
      doctype: 'OAuth Client',
      app_name: 'Bench',
      scopes: 'all',
      default_redirect_uri: 'https://bench.example/cb',
    });
    const tokens = await issueTokens(
      ctx,
      {
        clientId: String(client.name),
        user: 'Administrator',
        scopes: ['all'],
        family: 'bench',
        authTime: now,
        refreshExpiresAt: now,
        withRefresh: false,
      },
      now,
    );
    return tokens.accessToken;
  });
}

/** Closes the site and drops its database. */
export async function dropBenchSite(site: Site): Promise<void> {
  await site.db.close();
  await dropDatabase(site.config, site.path);
}

async function insertMasterData(ctx: Parameters<typeof insertDoc>[0]): Promise<string> {
  const stubs = [
    ['Country', 'France'],
    ['Price List', 'Standard Selling'],
    ['Warehouse', 'Stores - C'],
  ] as const;
  for (const [doctype, name] of stubs) await insertDoc(ctx, { doctype, name });
  await insertDoc(ctx, { doctype: 'Currency', currency_name: 'EUR', enabled: 1 });
  await insertDoc(ctx, {
    doctype: 'Company',
    company_name: 'Cortado SA',
    abbr: 'C',
    default_currency: 'EUR',
    country: 'France',
  });
  await insertDoc(ctx, { doctype: 'UOM', uom_name: 'Nos' });
  await insertDoc(ctx, { doctype: 'Item Group', item_group_name: 'Products' });
  for (const code of ITEM_CODES) {
    await insertDoc(ctx, {
      doctype: 'Item',
      item_code: code,
      item_group: 'Products',
      stock_uom: 'Nos',
    });
  }
  for (let i = 0; i < ASSIGNEES; i++) {
    await insertDoc(ctx, { doctype: 'User', email: assignee(i), first_name: `User ${i}` });
  }
  const customer = await insertDoc(ctx, {
    doctype: 'Customer',
    customer_name: 'Ritual',
    customer_type: 'Company',
  });
  return String(customer.name);
}

export const ITEM_CODES = ['ESPRESSO', 'LATTE', 'MOCHA', 'CORTADO', 'RISTRETTO'];

/** A Sales Order with five items for the customer `insertMasterData` made. */
export function salesOrderBody(customer: string): Record<string, unknown> {
  return {
    customer,
    company: 'Cortado SA',
    currency: 'EUR',
    conversion_rate: 1,
    selling_price_list: 'Standard Selling',
    price_list_currency: 'EUR',
    plc_conversion_rate: 1,
    order_type: 'Sales',
    transaction_date: '2025-03-10',
    delivery_date: '2025-03-20',
    items: ITEM_CODES.map((code, index) => ({
      item_code: code,
      item_name: code,
      qty: index + 1,
      uom: 'Nos',
      conversion_factor: 1,
      rate: 2.5,
      delivery_date: '2025-03-20',
    })),
  };
}
