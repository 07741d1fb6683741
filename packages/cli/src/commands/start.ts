import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Command } from 'commander';
import { createSite, generateUserApiKeys, sitesDir, type Site } from '@cortado/server';
import { seedDemoData } from '@cortado/demo-erp/seed';
import { migrateProgress } from '../progress.js';
import { serveSite } from './serve.js';

/** The demo site `npm start` creates on first run and serves on every run. */
export const DEMO_SITE = 'demo.localhost';
const DEMO_APP = '@cortado/demo-erp';

/** `cortado start`: create and seed the SQLite demo site if missing, then serve it. */
export function startCommand(): Command {
  return new Command('start')
    .description(
      `create the demo site ${DEMO_SITE} on SQLite with demo data if missing, then serve it`,
    )
    .option('--port <port>', 'port', '8000')
    .option('--host <host>', 'interface to listen on', '127.0.0.1')
    .action(async (options: { port: string; host: string }) => {
      const dir = sitesDir();
      if (!existsSync(join(dir, DEMO_SITE, 'site_config.json'))) await createDemoSite(dir);
      await serveSite(dir, DEMO_SITE, { port: Number(options.port), host: options.host });
    });
}

async function createDemoSite(dir: string): Promise<void> {
  console.log(`Creating ${DEMO_SITE} (SQLite) in ${dir}`);
  const adminPassword = randomBytes(9).toString('base64url');
  const progress = migrateProgress();
  const { site } = await createSite(dir, DEMO_SITE, {
    // The README's webhook step posts to a receiver on this machine.
    config: { db_type: 'sqlite', installed_apps: [DEMO_APP], webhook_allowed_hosts: ['127.0.0.1'] },
    adminPassword,
    onProgress: progress.report,
  }).finally(progress.stop);
  try {
    await seed(site);
    const { api_key, api_secret } = await generateUserApiKeys(site, 'Administrator');
    console.log(
      'Administrator credentials, shown only now; paste these lines into your shell for the README tour:',
    );
    console.log(`export CORTADO_ADMIN_PASSWORD=${adminPassword}`);
    console.log(`export CORTADO_API_KEY=${api_key}`);
    console.log(`export CORTADO_API_SECRET=${api_secret}`);
  } finally {
    await site.db.close();
  }
}

async function seed(site: Site): Promise<void> {
  const progress = migrateProgress();
  const started = performance.now();
  await seedDemoData(site, { onProgress: progress.report }).finally(progress.stop);
  console.log(`Demo data seeded in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}
