/**
 * One server process for the realtime test: `node --import tsx
 * server-child.ts <sites-dir> <site>` serves the site with realtime on (the
 * Redis adapter comes from `common_site_config.json`) and prints its URL.
 */
import { createLogger } from '../../src/core/logger.js';
import { startServer } from '../../src/main.js';

const [sitesDir = '', site = ''] = process.argv.slice(2);
const server = await startServer({
  sitesDir,
  defaultSite: site,
  port: 0,
  webhookWorker: false,
  scheduler: false,
  logger: createLogger({ level: 'silent' }),
});
process.stdout.write(`url ${server.url}\n`);
