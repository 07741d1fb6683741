// Upload throughput and memory: a 50 MB file (and a 10 MB one, to show RSS
// does not follow the file size) POSTed to upload_file on a SQLite site
// served by a separate process, beside a plain `fs` stream copy of the same
// file in the same run, and the same file sent as one resumable (tus) upload.
// Peak RSS is the server process's VmHWM (Linux).
// `node --import tsx bench/files.ts [--sizes 10,50] [--runs 3]`
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream, mkdtempSync, openAsBlob, rmSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { createSite } from '../packages/server/src/sites/create-site.js';
import { generateUserApiKeys } from '../packages/server/src/sites/user-api-keys.js';

const { values } = parseArgs({
  options: { sizes: { type: 'string', default: '10,50' }, runs: { type: 'string', default: '3' } },
});
const SIZES_MB = values.sizes.split(',').map(Number);
const RUNS = Number(values.runs);
const MB = 1024 * 1024;
const SERVER = fileURLToPath(new URL('./lib/files-server.ts', import.meta.url));
const SITE = 'files-bench.localhost';

const dir = mkdtempSync(join(tmpdir(), 'cortado-files-bench-'));
let child: ChildProcess | undefined;
try {
  const { site } = await createSite(dir, SITE, {
    adminPassword: 'Bench-Files-1',
    config: { db_type: 'sqlite', max_file_size: 1024 * MB, deduplicate_files: false },
  });
  const keys = await generateUserApiKeys(site, 'Administrator');
  await site.db.close();
  const token = `token ${keys.api_key}:${keys.api_secret}`;
  child = spawn(process.execPath, ['--import', 'tsx', SERVER, dir, SITE], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await firstLine(child);
  await upload(url, token, await sample(1), 'warmup.bin'); // opens the site
  const idleRss = await peakRss(child.pid ?? 0);
  console.log(
    '| file | fs copy MB/s | upload MB/s | upload / fs copy | tus MB/s | tus / fs copy | server peak RSS (idle → after) |',
  );
  console.log('|---|---|---|---|---|---|---|');
  for (const sizeMb of SIZES_MB) {
    const source = await sample(sizeMb);
    const copyRates: number[] = [];
    const uploadRates: number[] = [];
    const tusRates: number[] = [];
    for (let run = 0; run < RUNS; run++) {
      copyRates.push(sizeMb / (await timed(() => copy(source, join(dir, `copy-${run}.bin`)))));
      uploadRates.push(
        sizeMb / (await timed(() => upload(url, token, source, `up-${sizeMb}-${run}.bin`))),
      );
      tusRates.push(
        sizeMb / (await timed(() => tusUpload(url, token, source, `tus-${sizeMb}-${run}.bin`))),
      );
      rmSync(join(dir, `copy-${run}.bin`), { force: true });
    }
    const rss = await peakRss(child.pid ?? 0);
    const copyRate = median(copyRates);
    const uploadRate = median(uploadRates);
    const tusRate = median(tusRates);
    console.log(
      `| ${sizeMb} MB | ${copyRate.toFixed(0)} | ${uploadRate.toFixed(0)} | ${(uploadRate / copyRate).toFixed(2)} | ${tusRate.toFixed(0)} | ${(tusRate / copyRate).toFixed(2)} | ${idleRss} → ${rss} MB |`,
    );
  }
} finally {
  child?.kill('SIGTERM');
  rmSync(dir, { recursive: true, force: true });
}

async function sample(sizeMb: number): Promise<string> {
  const path = join(dir, `sample-${sizeMb}.bin`);
  const stream = createWriteStream(path);
  const block = randomBytes(MB);
  for (let i = 0; i < sizeMb; i++) {
    if (!stream.write(block))
      await new Promise<void>((resolve) => stream.once('drain', () => resolve()));
  }
  await new Promise<void>((resolve, reject) =>
    stream.end((error?: Error | null) => (error ? reject(error) : resolve())),
  );
  return path;
}

function copy(from: string, to: string): Promise<void> {
  return pipeline(createReadStream(from), createWriteStream(to));
}

async function upload(url: string, token: string, path: string, name: string): Promise<void> {
  const form = new FormData();
  form.append('file', await openAsBlob(path), name);
  const response = await fetch(`${url}/api/method/upload_file`, {
    method: 'POST',
    headers: { Authorization: token },
    body: form,
  });
  if (response.status !== 200)
    throw new Error(`upload: ${response.status} ${await response.text()}`);
  await response.arrayBuffer();
}

/** The file as one resumable upload: create it, then one PATCH streaming every byte. */
async function tusUpload(url: string, token: string, path: string, name: string): Promise<void> {
  const tus = { 'Tus-Resumable': '1.0.0', Authorization: token };
  const body = await openAsBlob(path);
  const created = await fetch(`${url}/api/method/upload_file/tus`, {
    method: 'POST',
    headers: {
      ...tus,
      'Upload-Length': String(body.size),
      'Upload-Metadata': `filename ${Buffer.from(name).toString('base64')}`,
    },
  });
  if (created.status !== 201) throw new Error(`tus create: ${created.status}`);
  const done = await fetch(new URL(String(created.headers.get('location')), url), {
    method: 'PATCH',
    headers: { ...tus, 'Upload-Offset': '0', 'Content-Type': 'application/offset+octet-stream' },
    body,
  });
  if (done.status !== 200) throw new Error(`tus patch: ${done.status} ${await done.text()}`);
  await done.arrayBuffer();
}

/** Seconds `fn` takes. */
async function timed(fn: () => Promise<void>): Promise<number> {
  const started = performance.now();
  await fn();
  return (performance.now() - started) / 1000;
}

/** Peak resident set of a process in MB, from /proc (VmHWM). */
async function peakRss(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0);
  return Math.round(kb / 1024);
}

function median(list: number[]): number {
  const sorted = [...list].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

function firstLine(process: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = '';
    process.stdout?.on('data', (chunk: Buffer) => {
      text += chunk.toString();
      const newline = text.indexOf('\n');
      if (newline >= 0) resolve(text.slice(0, newline).trim());
    });
    process.once('exit', (code) => reject(new Error(`server exited (${code}) before listening`)));
  });
}
