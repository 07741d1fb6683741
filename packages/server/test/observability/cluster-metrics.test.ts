import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { after, before, describe, it } from 'node:test';
import { parseScrape, sampleValue } from '../helpers/scrape.js';
import { waitFor } from '../helpers/wait-for.js';
import { nodeArgs, siblingModule } from '../helpers/source-tree.js';

const CHILD = siblingModule('./cluster-child.ts', import.meta.url);

describe('/metrics under node:cluster', () => {
  let child: ChildProcess;
  let url: string;
  before(async () => {
    child = spawn(process.execPath, nodeArgs(CHILD), {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    url = await new Promise<string>((resolve, reject) => {
      let output = '';
      child.once('exit', (code) => reject(new Error(`cluster exited with ${code}`)));
      child.stdout!.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        const port = /port=(\d+)/.exec(output)?.[1];
        if (port) resolve(`http://127.0.0.1:${port}`);
      });
    });
  });
  after(async () => {
    child.removeAllListeners('exit');
    await new Promise<void>((resolve) => {
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    });
  });

  it('any worker serves the sum of every worker’s requests', async () => {
    const served = new Map<string, number>();
    let sent = 0;
    // Round-robin spreads connections over the workers; go on until both have answered.
    await waitFor('requests answered by both workers', async () => {
      for (let i = 0; i < 10; i += 1) {
        const res = await fetch(`${url}/api/health/live`, { headers: { connection: 'close' } });
        assert.equal(res.status, 200);
        await res.arrayBuffer();
        sent += 1;
        const pid = res.headers.get('x-worker-pid') ?? '?';
        served.set(pid, (served.get(pid) ?? 0) + 1);
      }
      return served.size >= 2;
    });
    const scrapes = new Set<string>();
    for (let i = 0; i < 6; i += 1) {
      const res = await fetch(`${url}/metrics`, { headers: { connection: 'close' } });
      assert.equal(res.status, 200);
      scrapes.add(res.headers.get('x-worker-pid') ?? '?');
      const families = parseScrape(await res.text());
      const live = { method: 'GET', route: '/api/health/live', status: '200' };
      assert.equal(sampleValue(families, 'cortado_http_requests_total', live), sent);
      const count = { method: 'GET', route: '/api/health/live' };
      assert.equal(
        sampleValue(families, 'cortado_http_request_duration_seconds_count', count),
        sent,
      );
    }
    assert.ok(scrapes.size >= 1);
  });
});
