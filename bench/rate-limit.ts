// Per-request cost of the rate limiter on /api/method/ping: three real
// listening servers in one run — no limiter, the in-memory store, Redis —
// each with the site time budget and a per-IP bucket set high enough never
// to refuse. Prints a Markdown table.
// Usage: node --import tsx bench/rate-limit.ts [seconds=5] [connections=20]
import autocannon from 'autocannon';
import {
  spawnServer,
  type ServerProcess,
} from '../packages/server/test/http/rate-limit/spawn-server.js';

const seconds = Number(process.argv[2] ?? 5);
const connections = Number(process.argv[3] ?? 20);
const redisUrl = process.env['CORTADO_BENCH_REDIS'] ?? 'redis://127.0.0.1:6379/0';
const limits = {
  rate_limit: { limit: 1e9, window: 3600 },
  rate_limit_per_ip: { limit: 1e12, window: 3600 },
};

const variants: Array<[string, object]> = [
  ['none', {}],
  ['memory', limits],
  ['redis', { ...limits, redis_cache: redisUrl }],
];

interface Row {
  readonly name: string;
  readonly rps: number;
  readonly p50: number;
  readonly p99: number;
  readonly errors: number;
}

async function measure(name: string, server: ServerProcess, site: string): Promise<Row> {
  const options = { url: `${server.url}/api/method/ping`, headers: { host: site }, connections };
  await autocannon({ ...options, duration: 1 }); // warm-up
  const result = await autocannon({ ...options, duration: seconds });
  const errors = result.errors + result.non2xx;
  return {
    name,
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors,
  };
}

const rows: Row[] = [];
for (const [name, config] of variants) {
  const site = `bench-rl-${name}-${process.pid}.localhost`;
  const server = await spawnServer(site, config);
  try {
    rows.push(await measure(name, server, site));
  } finally {
    await server.stop();
  }
}

const base = rows[0];
console.log(`\n${seconds} s per variant, ${connections} connections, GET /api/method/ping\n`);
console.log('| limiter | req/s | p50 ms | p99 ms | µs per request vs none | errors |');
console.log('|---|---:|---:|---:|---:|---:|');
for (const row of rows) {
  const cost = base ? (1e6 / row.rps - 1e6 / base.rps).toFixed(1) : '–';
  console.log(
    `| ${row.name} | ${row.rps.toFixed(0)} | ${row.p50} | ${row.p99} | ${row.name === 'none' ? '–' : cost} | ${row.errors} |`,
  );
}
