/**
 * One server process for the realtime test: `node --import tsx
 * server-child.ts <sites-dir> <site> [workers]` serves the site with realtime on (the
 * Redis adapter comes from `common_site_config.json`) and prints its URL;
 * with `workers`, it also runs the site's job and webhook workers.
 */
import { createLogger } from '../../src/core/logger.js';
import { startServer } from '../../src/main.js';

const [sitesDir = '', site = '', workers = ''] = process.argv.slice(2);
const server = await startServer({
  sitesDir,
  defaultSite: site,
  port: 0,
  webhookWorker: workers === 'workers',
  scheduler: false,
  logger: createLogger({ level: 'silent' }),
});
process.stdout.write(`url ${server.url}\n`);
