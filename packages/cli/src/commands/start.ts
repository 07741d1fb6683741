import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Command } from 'commander';
import { createSite, sitesDir } from '@cortado/server';
import { migrateProgress } from '../progress.js';
import { serveSite } from './serve.js';

/** The demo site `npm start` creates on first run and serves on every run. */
export const DEMO_SITE = 'demo.localhost';
const DEMO_ADMIN_PASSWORD = 'admin';

/** `cortado start`: create the SQLite demo site if missing, then serve it. */
export function startCommand(): Command {
  return new Command('start')
    .description(`create the demo site ${DEMO_SITE} on SQLite if missing, then serve it`)
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
  const progress = migrateProgress();
  const { site, adminPasswordSet } = await createSite(dir, DEMO_SITE, {
    config: { db_type: 'sqlite' },
    adminPassword: DEMO_ADMIN_PASSWORD,
    onProgress: progress.report,
  }).finally(progress.stop);
  await site.db.close();
  if (adminPasswordSet) console.log(`Log in as Administrator / ${DEMO_ADMIN_PASSWORD}`);
}
