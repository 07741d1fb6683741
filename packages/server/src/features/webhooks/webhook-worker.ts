import type { Logger } from '../../core/logger.js';
import type { Site } from '../../engine/site.js';
import { createJobQueue } from '../../platform/queue/create-job-queue.js';
import { claimDeliveries } from './claim-deliveries.js';
import { processDelivery } from './process-delivery.js';
import { onDeliveriesCommitted } from './wake-deliveries.js';
import { webhookSettings } from './webhook-settings.js';

/** A running delivery worker. */
export interface WebhookWorker {
  /** Looks for due deliveries now instead of at the next poll. */
  kick(): void;
  /** Stops claiming and waits for the deliveries in flight. */
  stop(): Promise<void>;
}

/**
 * Starts the delivery worker of one site: it claims due outbox rows, sends
 * them and schedules retries; it polls every `webhook_poll_interval_ms` and is
 * woken after each commit that wrote (or re-queued) deliveries, through the job
 * queue (in-process, or BullMQ when `redis_queue` is set, so one commit wakes
 * a worker in any process). Any number of workers may run against one database.
 *
 * @example
 * const worker = startWebhookWorker(site, logger);
 * await worker.stop();
 */
export function startWebhookWorker(site: Site, logger: Logger): WebhookWorker {
  const settings = webhookSettings(site.config);
  const wakeups = createJobQueue<Record<string, never>>(
    site.config.redis_queue,
    `cortado-webhooks-${site.name.replace(/[^\w.-]/g, '_')}`,
  );
  let stopped = false;
  let running: Promise<void> | undefined;
  let again = false;
  let timer: NodeJS.Timeout | undefined;

  async function drain(): Promise<void> {
    for (;;) {
      const batch = await claimDeliveries(site.db, settings.concurrency, settings.claimLeaseMs);
      if (batch.length === 0 || stopped) return;
      await Promise.all(
        batch.map((delivery) =>
          processDelivery(site, delivery, settings).catch((error: unknown) =>
            logger.error(
              { err: error, delivery: delivery.name },
              'webhook delivery crashed; it will be retried when its lease ends',
            ),
          ),
        ),
      );
    }
  }

  function kick(): void {
    if (stopped) return;
    if (running) {
      again = true;
      return;
    }
    clearTimeout(timer);
    running = drain()
      .catch((error: unknown) => logger.error({ err: error }, 'webhook worker poll failed'))
      .finally(() => {
        running = undefined;
        if (again) {
          again = false;
          kick();
        } else if (!stopped) timer = setTimeout(kick, settings.pollIntervalMs);
      });
  }

  const unsubscribe = onDeliveriesCommitted(site, () => {
    void wakeups.add('wake', {}).catch(() => {});
  });
  wakeups.process(async () => kick());
  kick();
  return {
    kick,
    async stop() {
      stopped = true;
      clearTimeout(timer);
      unsubscribe();
      await wakeups.close();
      await running;
    },
  };
}
