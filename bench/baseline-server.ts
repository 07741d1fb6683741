// The floors Cortado is measured against (bench/lib/floor-app.ts), in their
// own process: `node --import tsx bench/baseline-server.ts <sitesDir>`;
// the bare routes' answers come in env BENCH_BARE_ROUTES.
import { BARE_ROUTES_ENV, type BareRoute } from './lib/bare-routes.js';
import { answerRssQueries, send } from './lib/child-protocol.js';
import { buildFloorApp } from './lib/floor-app.js';

const sitesDir = process.argv[2];
if (sitesDir === undefined) throw new Error('usage: baseline-server.ts <sitesDir>');
const bareRoutes = JSON.parse(process.env[BARE_ROUTES_ENV] ?? '{}') as Record<string, BareRoute>;
const app = buildFloorApp(sitesDir, bareRoutes);
const url = await app.listen({ port: 0, host: '127.0.0.1' });
answerRssQueries(() => app.close());
send({ type: 'ready', url, rss: process.memoryUsage.rss() });
