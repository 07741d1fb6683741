// Start-up to first served request on SQLite: spawns `cortado serve` on a
// fresh, already-created site and polls /api/method/ping until it answers.
// Also reports the built server's RSS 3 s after its first answer, and once
// more after it has stood idle for SETTLE_SECONDS: V8 keeps the young
// generation it grew while loading (~30 MB) until its memory reducer runs on
// an idle heap, about a minute later.
// Usage: node --import tsx bench/startup.ts [runs=5] [settleSeconds=120]
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const BIN = fileURLToPath(new URL('../packages/cli/bin/cortado.mjs', import.meta.url));
const PORT = 18_765;
const runs = Number(process.argv[2] ?? 5);
const SETTLE_SECONDS = Number(process.argv[3] ?? 120);
const sitesDir = mkdtempSync(join(tmpdir(), 'cortado-startup-'));
// The bench runs under `--conditions=development` (NODE_OPTIONS), which would
// make the `cortado` binary run the TypeScript sources through tsx; the
// figures are those of the built server, so its children go without it.
const env = {
  ...process.env,
  NODE_OPTIONS: (process.env['NODE_OPTIONS'] ?? '').replace('--conditions=development', '').trim(),
  CORTADO_SITES_DIR: sitesDir,
};

async function firstPong(deadline: number): Promise<void> {
  while (Date.now() < deadline) {
    try {
      const res = await fetch(`http://127.0.0.1:${PORT}/api/method/ping`);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  throw new Error('server did not answer within 30 s');
}

/** VmRSS of a process in MB (Linux), or NaN where /proc is not there. */
function rssMb(pid: number | undefined): number {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    return Number(/^VmRSS:\s+(\d+) kB/m.exec(status)?.[1]) / 1024;
  } catch {
    return Number.NaN;
  }
}

const idleRss: number[] = [];
let settledRss = Number.NaN;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** One start-up; RSS 3 s after the first answer, and with `settle`, after that many seconds idle. */
async function measureOnce(settle = 0): Promise<number> {
  const started = performance.now();
  const child = spawn(
    process.execPath,
    [BIN, 'serve', '--port', String(PORT), '--processes', '1'],
    {
      env,
      stdio: 'ignore',
    },
  );
  try {
    await firstPong(Date.now() + 30_000);
    const elapsed = performance.now() - started;
    await sleep(3000);
    idleRss.push(rssMb(child.pid));
    if (settle > 0) {
      await sleep(settle * 1000 - 3000);
      settledRss = rssMb(child.pid);
    }
    return elapsed;
  } finally {
    child.kill('SIGTERM');
    await new Promise((resolve) => child.once('exit', resolve));
  }
}

try {
  const created = spawnSync(
    process.execPath,
    [BIN, 'new-site', 'bench.localhost', '--admin-password', 'x'],
    { env },
  );
  if (created.status !== 0) throw new Error(`new-site failed: ${created.stderr}`);
  const times: number[] = [];
  for (let i = 0; i < runs; i++) times.push(await measureOnce(i === 0 ? SETTLE_SECONDS : 0));
  times.sort((a, b) => a - b);
  const median = times[Math.floor(times.length / 2)] ?? 0;
  console.log(
    `startup to first /api/method/ping on SQLite: median ${median.toFixed(0)} ms over ${runs} runs (min ${times[0]?.toFixed(0)}, max ${times.at(-1)?.toFixed(0)})`,
  );
  console.log(
    `RSS of the built server 3 s after its first answer: ${idleRss.map((mb) => mb.toFixed(0)).join(' / ')} MB`,
  );
  console.log(
    `idle RSS of the built server after ${SETTLE_SECONDS} s idle (first run): ${settledRss.toFixed(0)} MB (target ≤ 100 MB)`,
  );
} finally {
  rmSync(sitesDir, { recursive: true, force: true });
}
