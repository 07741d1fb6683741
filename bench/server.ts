// The Cortado server under test, in its own process so the load driver does
// not share its CPU: `node --import tsx bench/server.ts <sitesDir>`.
// Spawned by run.ts, which talks to it over IPC (child-protocol.ts).
import { buildApp } from '../packages/server/src/app.js';
import { createLogger } from '../packages/server/src/core/logger.js';
import { openBenchSite } from './lib/bench-site.js';
import { answerRssQueries, send } from './lib/child-protocol.js';

const sitesDir = process.argv[2];
if (sitesDir === undefined) throw new Error('usage: server.ts <sitesDir>');

const site = await openBenchSite(sitesDir);
const app = await buildApp({
  sites: [site],
  defaultSite: site.name,
  logger: createLogger({ level: 'silent' }),
});
const url = await app.listen({ port: 0, host: '127.0.0.1' });
answerRssQueries(async () => {
  await app.close();
  await site.db.close();
});
send({ type: 'ready', url, rss: process.memoryUsage.rss() });
