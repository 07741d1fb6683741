import { Gauge, type Registry } from 'prom-client';
import type { Site } from '../engine/site.js';
import { queueDepths } from '../features/jobs/index.js';
import { deliveryCounts } from '../features/webhooks/index.js';

/** The sites this process has served, read at each scrape. */
export interface SiteSource {
  sites(): Iterable<Site>;
}

/**
 * Gauges read from each served site at scrape time: jobs waiting per queue,
 * webhook deliveries pending and failed, and units of work holding a pooled
 * connection. The first three read shared storage, so every cluster worker
 * reports the same figure: they aggregate by `max`, not by sum. A site whose
 * database or Redis does not answer is left out of that scrape (its
 * readiness probe says why) rather than failing the whole page.
 */
export function registerSiteGauges(registry: Registry, source: SiteSource): void {
  new Gauge({
    name: 'cortado_job_queue_depth',
    help: 'Background jobs waiting to run, by site and queue.',
    labelNames: ['site', 'queue'],
    registers: [registry],
    aggregator: 'max',
    async collect() {
      this.reset();
      await eachSite(source, async (site) => {
        for (const [queue, depth] of await queueDepths(site))
          this.set({ site: site.name, queue }, depth);
      });
    },
  });
  new Gauge({
    name: 'cortado_webhook_deliveries',
    help: 'Webhook deliveries in the outbox by site and status: Pending is the backlog, Failed the deliveries that gave up.',
    labelNames: ['site', 'status'],
    registers: [registry],
    aggregator: 'max',
    async collect() {
      this.reset();
      await eachSite(source, async (site) => {
        const counts = await deliveryCounts(site);
        for (const [status, count] of counts) this.set({ site: site.name, status }, count);
      });
    },
  });
  new Gauge({
    name: 'cortado_db_connections_in_use',
    help: "Units of work holding one of this process's pooled database connections, by site.",
    labelNames: ['site'],
    registers: [registry],
    aggregator: 'sum',
    collect() {
      this.reset();
      for (const site of source.sites()) this.set({ site: site.name }, site.db.activeTransactions);
    },
  });
}

/** A site's figures must come within this, or the scrape goes on without them (a Redis that is away). */
const SITE_COLLECT_MS = 2000;

async function eachSite(source: SiteSource, fn: (site: Site) => Promise<void>): Promise<void> {
  await Promise.all(
    [...source.sites()].map(async (site) => {
      let timer: NodeJS.Timeout | undefined;
      const late = new Promise<void>((resolve) => (timer = setTimeout(resolve, SITE_COLLECT_MS)));
      await Promise.race([fn(site).catch(() => undefined), late]);
      clearTimeout(timer);
    }),
  );
}
