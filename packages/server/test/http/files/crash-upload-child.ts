/**
 * The process the upload crash test kills: `node --import tsx
 * crash-upload-child.ts <sites-dir> <site> <token> [serve]` runs the real
 * server, prints `ready <url>`, and uploads files of a few MB to it in a loop
 * (public and private, some of them identical, so dedupe runs too) until it
 * is killed. With `serve` it only serves, for uploads the test sends itself.
 */
import { randomBytes } from 'node:crypto';
import { createLogger } from '../../../src/core/logger.js';
import { startServer } from '../../../src/main.js';

const [sitesDir = '', siteName = '', token = '', mode = 'upload'] = process.argv.slice(2);
const server = await startServer({
  sitesDir,
  defaultSite: siteName,
  port: 0,
  handleSignals: false,
  webhookWorker: false,
  logger: createLogger({ level: 'silent' }),
});
process.stdout.write(`ready ${server.url}\n`);
if (mode === 'serve') await new Promise(() => undefined);
const repeated = randomBytes(1024 * 1024);

for (let i = 0; ; i++) {
  const form = new FormData();
  form.append('is_private', String(i % 2));
  const bytes = i % 3 === 0 ? repeated : randomBytes(2 * 1024 * 1024 + i);
  form.append('file', new Blob([bytes]), `crash-${process.pid}-${i}.bin`);
  const response = await fetch(`${server.url}/api/method/upload_file`, {
    method: 'POST',
    headers: { Authorization: token },
    body: form,
  });
  if (response.status !== 200)
    throw new Error(`upload failed: ${response.status} ${await response.text()}`);
  process.stdout.write(`uploaded ${i}\n`);
}
