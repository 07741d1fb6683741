// The server process of `bench/files.ts`: serves one site of `<sites-dir>` on
// a free port and prints its URL, so the bench can read this process's RSS.
import { createLogger } from '../../packages/server/src/core/logger.js';
import { startServer } from '../../packages/server/src/main.js';

const [sitesDir = '', site = ''] = process.argv.slice(2);
const server = await startServer({
  sitesDir,
  defaultSite: site,
  port: 0,
  handleSignals: true,
  webhookWorker: false,
  logger: createLogger({ level: 'silent' }),
});
process.stdout.write(`${server.url}\n`);
