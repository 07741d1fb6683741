import { spawn, type ChildProcess } from 'node:child_process';
import { nodeArgs, repoModule } from '../helpers/source-tree.js';

/** The CLI's entry: its TypeScript source through tsx, or what tsc emitted. */
const BIN = repoModule('packages/cli/src/bin.ts');
/**
 * A process that does not stop this long after SIGTERM is killed. Longer than
 * a cluster primary's own grace for its workers, so a primary that had to kill
 * a stuck worker still exits by itself and says which.
 */
const STOP_GRACE_MS = 60_000;
/** Run from the sources, tsx compiles them at start-up: minutes on a heavily loaded machine. */
const START_DEADLINE_MS = 300_000;

/** One `cortado` process the test started. */
export interface CortadoProcess {
  readonly kind: 'serve' | 'worker' | 'cluster';
  readonly child: ChildProcess;
  /** Where a `serve` answers (the cluster's shared port for `cluster`). */
  readonly url: string;
  /** Everything it printed, stdout and stderr, for failure messages and the cluster's events. */
  output(): string;
  readonly exited: Promise<number | null>;
  /** SIGTERM, then SIGKILL if it lingers; resolves once it has exited. */
  stop(): Promise<void>;
}

/**
 * Runs the real `cortado` command (the CLI's entry, `BIN`)
 * on `sitesDir` and resolves once it says it is serving (or working).
 * `CORTADO_SITES_DIR` points it at the folder, as an operator would.
 */
export async function spawnCortado(
  sitesDir: string,
  site: string,
  kind: CortadoProcess['kind'],
  args: readonly string[],
): Promise<CortadoProcess> {
  const child = spawn(process.execPath, nodeArgs(BIN, ['--site', site, ...args]), {
    env: { ...process.env, CORTADO_SITES_DIR: sitesDir },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const collect = (chunk: Buffer) => (output += chunk.toString());
  child.stdout!.on('data', collect);
  child.stderr!.on('data', collect);
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  const ready = kind === 'worker' ? /Cortado worker running/ : /Cortado is serving \S+ on (\S+)/;
  let timer: NodeJS.Timeout | undefined;
  const url = await new Promise<string>((resolve, reject) => {
    const look = () => {
      const match = ready.exec(output);
      if (match) resolve(match[1] ?? '');
    };
    child.stdout!.on('data', look);
    void exited.then((code) => reject(new Error(`cortado ${args[0]} exited (${code}): ${output}`)));
    timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(
        new Error(`cortado ${args[0]} did not start within ${START_DEADLINE_MS} ms: ${output}`),
      );
    }, START_DEADLINE_MS);
  }).finally(() => clearTimeout(timer));
  return {
    kind,
    child,
    url,
    output: () => output,
    exited,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const timer = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
      child.kill('SIGTERM');
      await exited;
      clearTimeout(timer);
    },
  };
}

/** `cortado serve` as one of many processes: its own port, jobs and deliveries left to `cortado worker`. */
export async function spawnServe(sitesDir: string, site: string): Promise<CortadoProcess> {
  const serve = await spawnCortado(sitesDir, site, 'serve', [
    'serve',
    '--port',
    '0',
    '--processes',
    '1',
    '--no-worker',
  ]);
  // The site opens on the first request; after this one the process is warm.
  await (await fetch(`${serve.url}/api/method/ping`)).arrayBuffer();
  return serve;
}

export function spawnWorker(sitesDir: string, site: string): Promise<CortadoProcess> {
  return spawnCortado(sitesDir, site, 'worker', ['worker']);
}
