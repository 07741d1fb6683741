/**
 * A second server process for the shared-session tests and the benchmark:
 * `node --import tsx serve-site.ts <sites-dir> <site>` prints `port=<n>` once
 * it listens on 127.0.0.1, and stops on SIGTERM.
 */
import { createLogger } from '../../../src/core/logger.js';
import { startServer } from '../../../src/main.js';

const [sitesDir = '', site = ''] = process.argv.slice(2);
const server = await startServer({
  sitesDir,
  defaultSite: site,
  port: 0,
  handleSignals: false,
  webhookWorker: false,
  logger: createLogger({ level: 'silent' }),
});
process.stdout.write(`port=${new URL(server.url).port}\n`);
process.once('SIGTERM', () => void server.stop().then(() => process.exit(0)));
