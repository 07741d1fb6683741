import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestApp } from './build-test-app.js';
import { nodeArgs, siblingModule } from './source-tree.js';

const SERVE = siblingModule('../http/auth/serve-site.ts', import.meta.url);

/**
 * A second server process on the test app's site folder, database and Redis
 * (`serve-site.ts`), for tests of what one process sees of another's writes.
 */
export async function secondProcess(
  t: Pick<TestApp, 'database' | 'site'>,
): Promise<{ url: string; stop(): Promise<void> }> {
  await writeFile(join(t.database.sitePath, 'site_config.json'), JSON.stringify(t.site.config));
  const sitesDir = await mkdtemp(join(tmpdir(), 'cortado-sites-'));
  await symlink(t.database.sitePath, join(sitesDir, t.site.name));
  const child: ChildProcess = spawn(process.execPath, nodeArgs(SERVE, [sitesDir, t.site.name]), {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    let output = '';
    child.once('exit', (code) => reject(new Error(`second server exited with ${code}`)));
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const port = /port=(\d+)/.exec(output)?.[1];
      if (port) resolve(`http://127.0.0.1:${port}`);
    });
  });
  return {
    url,
    async stop() {
      child.removeAllListeners('exit');
      await new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      });
      await rm(sitesDir, { recursive: true, force: true });
    },
  };
}
