import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import {
  assignedNames,
  exportedVariables,
  shellBlocks,
  startCommand,
  type ReadmeBlock,
} from './readme-blocks.js';
import { sourceFile } from '@cortado/server/test/helpers/source-tree.js';

/*
 * The README's set-up command and curl tour, run as written: README command 1
 * starts the demo site in a temporary sites folder on a free port, then every
 * ```sh tour block runs in bash, in order, with the URL's port and the
 * receiver's port changed and the `export` lines `npm start` printed in the
 * environment, as the README tells its reader.
 */
const ROOT = fileURLToPath(new URL('../../../', sourceFile(import.meta.url)));
const README = readFileSync(join(ROOT, 'README.md'), 'utf8');
const BLOCKS = shellBlocks(README);
const TOUR = BLOCKS.filter((block) => block.tags.some((tag) => tag.startsWith('tour')));
const STATUS = /^HTTP_STATUS (\d{3})$/gm;

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

/** Looks at `condition` every 100 ms until it holds or a generous deadline passes; whether it held. */
async function until(condition: () => boolean, timeoutMs = 60_000): Promise<boolean> {
  const deadline = performance.now() + timeoutMs;
  while (!condition()) {
    if (performance.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return true;
}

/** Resolves with everything `child` printed once `pattern` appears on stdout. */
function waitFor(child: ChildProcess, pattern: RegExp, timeoutMs: number): Promise<string> {
  let output = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`timed out waiting for ${pattern}:\n${output}`)),
      timeoutMs,
    );
    const collect = (chunk: Buffer) => {
      output += chunk.toString();
      if (pattern.test(output)) {
        clearTimeout(timer);
        resolve(output);
      }
    };
    child.stdout?.on('data', collect);
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('exit', (code) =>
      reject(new Error(`exited with ${code} before ${pattern}:\n${output}`)),
    );
  });
}

function stopGroup(child: ChildProcess | undefined): void {
  if (child?.pid !== undefined && child.exitCode === null) process.kill(-child.pid, 'SIGTERM');
}

describe('README: command 1 and the curl tour', () => {
  const sitesDir = mkdtempSync(join(tmpdir(), 'cortado-readme-'));
  const workDir = mkdtempSync(join(tmpdir(), 'cortado-tour-'));
  const stateFile = join(workDir, 'state.sh');
  let server: ChildProcess | undefined;
  let receiver: ChildProcess | undefined;
  let receiverOutput = '';
  let env: NodeJS.ProcessEnv = {};
  let port = 0;
  let receiverPort = 0;

  const localise = (code: string) =>
    code.replaceAll('127.0.0.1:8000', `127.0.0.1:${port}`).replaceAll('9999', String(receiverPort));

  before(async () => {
    [port, receiverPort] = [await freePort(), await freePort()];
    writeFileSync(stateFile, '');
    server = spawn('bash', ['-c', `${startCommand(BLOCKS)} -- --port ${port}`], {
      cwd: ROOT,
      env: { ...process.env, CORTADO_SITES_DIR: sitesDir },
      detached: true,
    });
    const output = await waitFor(server, /Cortado is serving/, 120_000);
    env = { ...process.env, ...exportedVariables(output) };
  });

  after(() => {
    stopGroup(server);
    stopGroup(receiver);
    rmSync(sitesDir, { recursive: true, force: true });
    rmSync(workDir, { recursive: true, force: true });
  });

  it('README has a tour', () => {
    assert.ok(TOUR.length >= 10, `${TOUR.length} tour blocks`);
    assert.ok(
      env.CORTADO_API_KEY && env.CORTADO_API_SECRET && env.CORTADO_ADMIN_PASSWORD,
      'npm start printed credentials',
    );
  });

  for (const [index, block] of TOUR.entries()) {
    it(`tour step ${index + 1}: ${block.code.split('\n')[0]}`, async () => {
      if (block.tags.includes('tour-background')) return startBackground(block);
      runStep(block);
    });
  }

  it('the webhook reached the local receiver', async () => {
    const delivered = /POST \/customers .*Webhook Test Ltd/;
    await until(() => delivered.test(receiverOutput));
    assert.match(receiverOutput, delivered);
  });

  function runStep(block: ReadmeBlock): void {
    const keep = assignedNames(block.code);
    // Every curl reports its status on stderr; the reader's command is otherwise unchanged.
    const script = [
      'set -e -o pipefail',
      `curl() { command curl -w '%{stderr}HTTP_STATUS %{http_code}\\n' "$@"; }`,
      `source ${JSON.stringify(stateFile)}`,
      localise(block.code),
      ...keep.map((name) => `declare -p ${name} >> ${JSON.stringify(stateFile)}`),
    ].join('\n');
    const result = spawnSync('bash', ['-c', script], {
      cwd: workDir,
      env,
      encoding: 'utf8',
      timeout: 120_000,
    });
    const report = `stdout:\n${result.stdout}\nstderr:\n${result.stderr}`;
    assert.equal(result.status, 0, report);
    const statuses = [...result.stderr.matchAll(STATUS)].map((match) => Number(match[1]));
    assert.ok(statuses.length > 0, `no curl ran\n${report}`);
    for (const status of statuses) {
      if (block.status === null)
        assert.ok(status >= 200 && status < 300, `HTTP ${status}\n${report}`);
      else assert.equal(status, block.status, report);
    }
    if (block.status !== null) {
      const body = JSON.parse(result.stdout) as { exc_type?: string; _server_messages?: string };
      assert.ok(body.exc_type && body._server_messages, `Frappe error body\n${report}`);
    }
  }

  async function startBackground(block: ReadmeBlock): Promise<void> {
    const code = localise(block.code).trim().replace(/&$/, '');
    receiver = spawn('bash', ['-c', code], { cwd: workDir, env, detached: true });
    receiver.stdout?.on('data', (chunk: Buffer) => (receiverOutput += chunk.toString()));
    const up = () =>
      spawnSync('curl', ['-s', '-o', '/dev/null', `http://127.0.0.1:${receiverPort}/`]).status ===
      0;
    if (!(await until(up))) assert.fail('the README receiver did not start');
  }
});
