import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { buildApp, type BuildAppOptions } from './app.js';
import type { Site } from './engine/site.js';
import { openSite } from './sites/open-site.js';
import { realtimeRedis } from './core/config/realtime-redis.js';
import { loadBenchConfig } from './core/config/load-config.js';
import { createLogger } from './core/logger.js';
import { sweepFileOrphans } from './features/files/index.js';
import { closeJobBackend, startJobWorker } from './features/jobs/index.js';
import { jobThreadEntry } from './job-thread-entry.js';
import { startScheduler } from './features/jobs/scheduler/index.js';
import { startWebhookWorker } from './features/webhooks/index.js';

/** How to run the HTTP process. */
export interface StartServerOptions {
  /** The bench's `sites` folder: one sub-folder per site. */
  readonly sitesDir: string;
  readonly port: number;
  /** Default `127.0.0.1`. */
  readonly host?: string;
  /** Site answering requests whose Host names none (default: `default_site` of `common_site_config.json`). */
  readonly defaultSite?: string;
  readonly authenticate?: BuildAppOptions['authenticate'];
  readonly logger?: BuildAppOptions['logger'];
  /** Stop on SIGTERM/SIGINT (default true; tests turn it off). */
  readonly handleSignals?: boolean;
  /** Run each site's webhook delivery and background job workers in this process (default true; off when `cortado worker` runs apart). */
  readonly webhookWorker?: boolean;
  /** Run each site's scheduler in this process (default true; off when `cortado schedule` runs apart). */
  readonly scheduler?: boolean;
  /** Serve socket.io realtime at `/socket.io` (default true). */
  readonly realtime?: boolean;
  /** Serve the Desk at `/app` from this build folder. */
  readonly deskRoot?: string;
}

/** A listening server. */
export interface RunningServer {
  readonly app: FastifyInstance;
  readonly url: string;
  /** Stops accepting, lets in-flight requests finish, then closes every site's pool. */
  stop(): Promise<void>;
}

/**
 * Listens on `host:port`, opening sites on first use, and shuts down
 * gracefully on SIGTERM/SIGINT.
 *
 * @example
 * const server = await startServer({ sitesDir: './sites', port: 8000 });
 */
export async function startServer(options: StartServerOptions): Promise<RunningServer> {
  const sites = createSiteCache(options.sitesDir, {
    workers: options.webhookWorker !== false,
    scheduler: options.scheduler !== false,
  });
  const defaultSite = options.defaultSite ?? readDefaultSite(options.sitesDir);
  const bench = loadBenchConfig(options.sitesDir);
  const app = await buildApp({
    metrics: {
      token: typeof bench['metrics_token'] === 'string' ? bench['metrics_token'] : null,
      allowLoopback: bench['metrics_allow_loopback'] !== false,
    },
    trustRequestId: bench['trust_request_id'] !== false,
    sites: sites.resolve,
    ...(defaultSite === undefined ? {} : { defaultSite }),
    ...(options.authenticate === undefined ? {} : { authenticate: options.authenticate }),
    ...(options.logger === undefined ? {} : { logger: options.logger }),
    ...(options.deskRoot === undefined ? {} : { desk: { root: options.deskRoot } }),
    ...(options.realtime === false
      ? {}
      : { realtime: { redisUrl: realtimeRedis(options.sitesDir) } }),
  });
  const url = await app.listen({ port: options.port, host: options.host ?? '127.0.0.1' });
  app.log.info(`Cortado listening on ${url}`);
  let stopping: Promise<void> | undefined;
  const stop = () => (stopping ??= drain(app).then(() => sites.closeAll()));
  if (options.handleSignals !== false) stopOnSignals(app, stop);
  return { app, url, stop };
}

/** How long a draining process leaves idle kept-alive connections open. */
const DRAIN_IDLE_GRACE_MS = 2000;

/**
 * Stops accepting connections and lets in-flight requests finish. Node's
 * `server.close()` would also cut every idle kept-alive connection at once,
 * racing a client that is just sending its next request on it (a request
 * lost in a cluster reload). Instead each request still arriving is served
 * with `Connection: close` (see `return503OnClosing` in app.ts), and
 * connections left idle are closed after a short grace, then as they go
 * idle (http/plugins/close-idle-connections.ts).
 */
async function drain(app: FastifyInstance): Promise<void> {
  const server = app.server;
  const closeIdle = server.closeIdleConnections;
  server.closeIdleConnections = () => {};
  const timer = setTimeout(() => {
    server.closeIdleConnections = closeIdle;
    server.closeIdleConnections();
  }, DRAIN_IDLE_GRACE_MS);
  try {
    await app.close();
  } finally {
    clearTimeout(timer);
    server.closeIdleConnections = closeIdle;
  }
}

function stopOnSignals(app: FastifyInstance, stop: () => Promise<void>): void {
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      app.log.info(`${signal}: finishing in-flight requests`);
      stop().then(
        () => process.exit(0),
        (error: unknown) => {
          app.log.error({ err: error }, 'shutdown failed');
          process.exit(1);
        },
      );
    });
  }
}

/** Opens each site once, on first request, and remembers it until shutdown; starts its webhook and job workers and its scheduler. */
function createSiteCache(
  sitesDir: string,
  run: { readonly workers: boolean; readonly scheduler: boolean },
) {
  const open = new Map<string, Promise<Site>>();
  const workers: { stop(): Promise<void> }[] = [];
  const exists = siteExistence(sitesDir);
  return {
    resolve(name: string): Promise<Site> | undefined {
      if (!exists(name)) return undefined;
      let site = open.get(name);
      if (site === undefined) {
        site = openSite(sitesDir, name).then((opened) => {
          sweepAtOpen(opened);
          const logger = createLogger({ level: opened.config.log_level });
          if (run.workers)
            workers.push(
              startWebhookWorker(opened, logger),
              startJobWorker(opened, logger, { threadEntry: jobThreadEntry() }),
            );
          if (run.scheduler) workers.push(startScheduler(opened, logger));
          return opened;
        });
        site.catch(() => open.delete(name));
        open.set(name, site);
      }
      return site;
    },
    async closeAll(): Promise<void> {
      await Promise.all(workers.splice(0).map((worker) => worker.stop()));
      const sites = await Promise.allSettled(open.values());
      open.clear();
      for (const result of sites)
        if (result.status === 'fulfilled') {
          await closeJobBackend(result.value);
          await result.value.db.close();
        }
    },
  };
}

/** How long a site folder's presence (or absence) is trusted before the file system is asked again. */
const SITE_CHECK_INTERVAL_MS = 1000;

/**
 * Whether `sitesDir/<name>/site_config.json` exists, asked of the file system
 * at most once a second per name: every request resolves its site (twice when
 * its Host names none and the default site answers), and a synchronous `stat`
 * per request blocks the event loop for nothing. A site created or dropped
 * while the server runs is seen within the interval.
 */
function siteExistence(sitesDir: string): (name: string) => boolean {
  const checked = new Map<string, { readonly exists: boolean; readonly at: number }>();
  return (name) => {
    const now = Date.now();
    const known = checked.get(name);
    if (known !== undefined && now - known.at < SITE_CHECK_INTERVAL_MS) return known.exists;
    const exists = existsSync(join(sitesDir, name, 'site_config.json'));
    // Names come from Host headers: forget the oldest rather than grow without bound.
    if (checked.size >= 1000) checked.delete(checked.keys().next().value as string);
    checked.set(name, { exists, at: now });
    return exists;
  };
}

/** Leftovers of uploads a crashed process never finished go when the site opens (files.md, "Crash safety"). */
function sweepAtOpen(site: Site): void {
  const graceMs = site.config.file_orphan_grace_seconds * 1000;
  sweepFileOrphans(site, graceMs).catch((error: unknown) =>
    createLogger({ level: site.config.log_level }).warn(
      { err: error, site: site.name },
      'sweeping file leftovers failed',
    ),
  );
}

/** Bench's `default_site` from `common_site_config.json`, when set. */
function readDefaultSite(sitesDir: string): string | undefined {
  const file = join(sitesDir, 'common_site_config.json');
  if (!existsSync(file)) return undefined;
  const value = (JSON.parse(readFileSync(file, 'utf8')) as { default_site?: unknown }).default_site;
  return typeof value === 'string' ? value : undefined;
}
