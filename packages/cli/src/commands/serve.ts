import { Command } from 'commander';
import { loadConfig, openSite, startServer, type RunningServer } from '@cortado/server';
import { DESK_DIST } from '@cortado/desk/dist-dir';
import { targetSite } from '../context.js';

interface ServeOptions {
  readonly port?: string;
  readonly host: string;
  /** `--no-worker` sets this false. */
  readonly worker: boolean;
  /** `--no-scheduler` sets this false. */
  readonly scheduler: boolean;
}

/** `cortado serve`: the HTTP server (bench's `serve`). */
export function serveCommand(): Command {
  return new Command('serve')
    .description('serve every site over HTTP; the default site answers unknown hosts')
    .option('--port <port>', 'port (default: webserver_port, 8000)')
    .option('--host <host>', 'interface to listen on', '127.0.0.1')
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
      const port =
        options.port === undefined
          ? loadConfig(sitesDir, site).webserver_port
          : Number(options.port);
      await serveSite(sitesDir, site, {
        port: port ?? 8000,
        host: options.host,
        webhookWorker: options.worker,
        scheduler: options.scheduler,
      });
    });
}

/**
 * Checks the site opens (config valid, database reachable) so a bad site
 * stops start-up with one line, then listens and prints the URL.
 */
export async function serveSite(
  sitesDir: string,
  site: string,
  listen: {
    readonly port: number;
    readonly host: string;
    readonly webhookWorker?: boolean;
    readonly scheduler?: boolean;
  },
): Promise<RunningServer> {
  const preflight = await openSite(sitesDir, site);
  await preflight.db.close();
  const server = await startServer({ sitesDir, defaultSite: site, deskRoot: DESK_DIST, ...listen });
  console.log(`Cortado is serving ${site} on ${server.url} (the Desk: ${server.url}/app)`);
  return server;
}
