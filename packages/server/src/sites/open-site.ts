import { join } from 'node:path';
import { loadConfig } from '../core/config/load-config.js';
import type { AppDefinition } from '../engine/app.js';
import { createAppRegistry } from '../engine/app-registry.js';
import { createDocEventBus } from '../engine/event-bus.js';
import { loadRuntimeDocTypes } from '../engine/meta-version.js';
import type { Site } from '../engine/site.js';
import { loadMeta } from '../model/load-meta.js';
import { createMetaRegistry } from '../model/meta-cache.js';
import { connectDatabase } from '../platform/db/connect.js';
import { createLogger } from '../core/logger.js';
import { webhookOutboxListener } from '../features/webhooks/index.js';
import { coreApp } from './core-app.js';
import { loadInstalledApps } from './load-apps.js';
import { assertSiteName } from './sites-dir.js';

/**
 * Opens one site: reads and validates its config, loads its apps (the core
 * app, then `installed_apps` in order), connects its database and builds the
 * DocType registry (app DocTypes, then custom ones stored in the database).
 * Every failure is a one-line `ConfigError`.
 *
 * @example
 * const site = await openSite(sitesDir(), 'erp.localhost');
 * try { … } finally { await site.db.close(); }
 */
export async function openSite(
  sitesDir: string,
  name: string,
  env: NodeJS.ProcessEnv = process.env,
): Promise<Site> {
  const path = join(sitesDir, assertSiteName(name));
  const config = loadConfig(sitesDir, name, env);
  const apps: AppDefinition[] = [
    coreApp(),
    ...(await loadInstalledApps(config.installed_apps ?? [])),
  ];
  const meta = createMetaRegistry(apps.flatMap((app) => app.doctypes).map(loadMeta));
  const db = await connectDatabase(config, path);
  const site: Site = {
    name,
    path,
    config,
    db,
    meta,
    apps: createAppRegistry(apps),
    events: createDocEventBus(),
  };
  site.events.subscribe(webhookOutboxListener(createLogger({ level: config.log_level ?? 'info' })));
  try {
    await loadRuntimeDocTypes(site);
  } catch (error) {
    await db.close();
    throw error;
  }
  return site;
}
