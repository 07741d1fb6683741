import { spawn, type ChildProcess } from 'node:child_process';
import { nodeArgs, siblingModule } from '../../helpers/source-tree.js';

const FIXTURE = siblingModule('./serve-fixture.ts', import.meta.url);

/** A server process started from `serve-fixture.ts`. */
export interface ServerProcess {
  readonly url: string;
  stop(): Promise<void>;
}

/** Starts a server process for `siteName` and waits until it listens. */
export function spawnServer(siteName: string, config: object): Promise<ServerProcess> {
  const child = spawn(process.execPath, nodeArgs(FIXTURE, [siteName, JSON.stringify(config)]), {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    let output = '';
    child.once('exit', (code) => reject(new Error(`server exited with ${code} before listening`)));
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const port = /port=(\d+)/.exec(output)?.[1];
      if (port) resolve({ url: `http://127.0.0.1:${port}`, stop: () => stopProcess(child) });
    });
  });
}

function stopProcess(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    child.removeAllListeners('exit');
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}
