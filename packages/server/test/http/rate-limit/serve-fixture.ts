/**
 * A real listening server for the multi-process tests and the benchmark:
 * `node --import tsx serve-fixture.ts <site-name> [<config-json>]` prints
 * `port=<n>` once it listens on 127.0.0.1, and stops on SIGTERM.
 */
import { buildTestApp } from '../../helpers/build-test-app.js';
import { rateLimitedApp } from './rate-limit.fixtures.js';

const [name = 'serve.localhost', configJson = '{}'] = process.argv.slice(2);
const t = await buildTestApp({
  name,
  apps: [rateLimitedApp],
  config: JSON.parse(configJson) as object,
});
const address = await t.app.listen({ host: '127.0.0.1', port: 0 });
process.stdout.write(`port=${new URL(address).port}\n`);
process.once('SIGTERM', () => {
  void t.close().then(() => process.exit(0));
});
