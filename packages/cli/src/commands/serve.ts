import { Command } from 'commander';
import {
  defaultProcessCount,
  isClusterWorker,
  loadConfig,
  openSite,
  startCluster,
  startServer,
  type ClusterEvent,
  type RunningServer,
  type SiteConfig,
} from '@cortado/server';
import { DESK_DIST } from '@cortado/desk/dist-dir';
import { targetSite } from '../context.js';

interface ServeOptions {
  readonly port?: string;
  readonly host: string;
  readonly processes?: string;
  /** `--no-worker` sets this false. */
  readonly worker: boolean;
  /** `--no-scheduler` sets this false. */
  readonly scheduler: boolean;
}

interface ListenOptions {
  readonly port: number;
  readonly host: string;
  readonly webhookWorker?: boolean;
  readonly scheduler?: boolean;
}

/** `cortado serve`: the HTTP server (bench's `serve`), on one process or a cluster of them. */
export function serveCommand(): Command {
  return new Command('serve')
    .description('serve every site over HTTP; the default site answers unknown hosts')
    .option('--port <port>', 'port (default: webserver_port, 8000)')
    .option('--host <host>', 'interface to listen on', '127.0.0.1')
    .option(
      '--processes <n>',
      'HTTP processes sharing the port (default: gunicorn_workers, else one per core; 1 with developer_mode)',
    )
    .option(
      '--no-worker',
      'do not run background jobs and webhook deliveries in this process (run `cortado worker` instead)',
    )
    .option(
      '--no-scheduler',
      'do not run the scheduler in this process (run `cortado schedule` instead)',
    )
    .action(async (options: ServeOptions, command: Command) => {
      const { sitesDir, site } = targetSite(command);
      const config = loadConfig(sitesDir, site);
      const listen: ListenOptions = {
        port: options.port === undefined ? config.webserver_port : Number(options.port),
        host: options.host,
        webhookWorker: options.worker,
        scheduler: options.scheduler,
      };
      if (isClusterWorker()) {
        await startServer({ sitesDir, defaultSite: site, deskRoot: DESK_DIST, ...listen });
        return;
      }
      const processes = processCount(options.processes, config);
      if (processes === 1) await serveSite(sitesDir, site, listen);
      else await serveCluster(sitesDir, site, listen, processes, config);
    });
}

function processCount(option: string | undefined, config: SiteConfig): number {
  const count =
    option === undefined
      ? (config.gunicorn_workers ?? defaultProcessCount(Boolean(config.developer_mode)))
      : Number(option);
  if (!Number.isInteger(count) || count < 1)
    throw new Error(`--processes must be a whole number of at least 1, not "${option}"`);
  return count;
}

/**
 * Checks the site opens (config valid, database reachable) so a bad site
 * stops start-up with one line, then listens and prints the URL.
 */
export async function serveSite(
  sitesDir: string,
  site: string,
  listen: ListenOptions,
): Promise<RunningServer> {
  await preflight(sitesDir, site);
  const server = await startServer({ sitesDir, defaultSite: site, deskRoot: DESK_DIST, ...listen });
  console.log(`Cortado is serving ${site} on ${server.url} (the Desk: ${server.url}/app)`);
  return server;
}

/** The primary of `serve --processes N`: forks the workers and prints what happens to them. */
async function serveCluster(
  sitesDir: string,
  site: string,
  listen: ListenOptions,
  processes: number,
  config: SiteConfig,
): Promise<void> {
  await preflight(sitesDir, site);
  if (!config.redis_cache)
    console.warn(
      'Without redis_cache, each process counts rate limits on its own; set redis_cache to share them.',
    );
  let announced = false;
  startCluster({
    processes,
    host: listen.host,
    ...workerExecArgv(),
    onEvent(event) {
      console.log(describe(event));
      if (event.type === 'listening' && !announced) {
        announced = true;
        console.log(`Cortado is serving ${site} on ${event.url} with ${processes} processes`);
      }
    },
  });
}

/**
 * Run from the TypeScript sources (`npm run cortado`), tsx was registered in
 * this process only; the workers get it as a node option.
 */
function workerExecArgv(): { execArgv?: string[] } {
  if (!process.argv[1]?.endsWith('.ts') || process.execArgv.some((arg) => arg.includes('tsx')))
    return {};
  return { execArgv: [...process.execArgv, '--import', import.meta.resolve('tsx')] };
}

async function preflight(sitesDir: string, site: string): Promise<void> {
  const opened = await openSite(sitesDir, site);
  await opened.db.close();
}

function describe(event: ClusterEvent): string {
  switch (event.type) {
    case 'listening':
      return `process ${event.pid} listening on ${event.url}`;
    case 'exit':
      return `process ${event.pid} exited (${event.signal ?? `code ${event.code}`})`;
    case 'replacing':
      return `process ${event.pid} replaced${event.delayMs ? ` in ${event.delayMs} ms` : ''}`;
    case 'reload':
      return event.phase === 'start' ? 'SIGHUP: reloading processes one by one' : 'reload done';
    case 'stopped':
      return 'all processes stopped';
  }
}
