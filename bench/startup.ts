// Start-up to first served request on SQLite: spawns `cortado serve` on a
// fresh, already-created site and polls /api/method/ping until it answers.
// Usage: node --import tsx bench/startup.ts [runs=5]
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const BIN = fileURLToPath(new URL('../packages/cli/bin/cortado.mjs', import.meta.url));
const PORT = 18_765;
const runs = Number(process.argv[2] ?? 5);
const sitesDir = mkdtempSync(join(tmpdir(), 'cortado-startup-'));
const env = { ...process.env, CORTADO_SITES_DIR: sitesDir };

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

async function measureOnce(): Promise<number> {
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
    return performance.now() - started;
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
  for (let i = 0; i < runs; i++) times.push(await measureOnce());
  times.sort((a, b) => a - b);
  const median = times[Math.floor(times.length / 2)] ?? 0;
  console.log(
    `startup to first /api/method/ping on SQLite: median ${median.toFixed(0)} ms over ${runs} runs (min ${times[0]?.toFixed(0)}, max ${times.at(-1)?.toFixed(0)})`,
  );
} finally {
  rmSync(sitesDir, { recursive: true, force: true });
}
