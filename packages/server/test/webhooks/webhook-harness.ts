import { randomUUID } from 'node:crypto';
import { createLogger } from '../../src/core/logger.js';
import type { Context } from '../../src/engine/context.js';
import type { Doc } from '../../src/engine/doc.js';
import { insertDoc } from '../../src/engine/document.js';
import type { Site } from '../../src/engine/site.js';
import { withContext } from '../../src/engine/runtime/with-context.js';
import {
  OUTBOX_TABLE,
  startWebhookWorker,
  webhookOutboxListener,
  type DeliveryRow,
  type WebhookWorker,
} from '../../src/features/webhooks/index.js';
import type { DbType } from '../../src/platform/db/database.js';
import { buildTestApp, type TestApp } from '../helpers/build-test-app.js';
import { waitFor } from '../helpers/wait-for.js';
import { startReceiver, type Receiver } from './receiver.js';

/** Fast retries so failure paths finish within a test. */
export const FAST_SETTINGS = {
  webhook_poll_interval_ms: 50,
  webhook_retry_base_seconds: 0.05,
  webhook_max_retries: 2,
};

export interface Harness {
  readonly t: TestApp;
  readonly site: Site;
  readonly receiver: Receiver;
  readonly worker: WebhookWorker;
  addWebhook(fields: Record<string, unknown>): Promise<Doc>;
  asAdmin<T>(fn: (ctx: Context) => Promise<T>): Promise<T>;
  deliveries(): Promise<DeliveryRow[]>;
  /** Waits until no delivery is Pending. */
  settle(timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

export async function createHarness(
  dialect: DbType,
  config: Record<string, unknown> = {},
): Promise<Harness> {
  const t = await buildTestApp({ dialect, migrate: true, config: { ...FAST_SETTINGS, ...config } });
  const logger = createLogger({ level: 'silent' });
  t.site.events.subscribe(webhookOutboxListener(logger));
  const worker = startWebhookWorker(t.site, logger);
  const receiver = await startReceiver();
  const asAdmin = <T>(fn: (ctx: Context) => Promise<T>) => withContext(t.site, 'Administrator', fn);
  const deliveries = async () =>
    (await t.site.db.kysely.selectFrom(OUTBOX_TABLE).selectAll().execute()) as DeliveryRow[];
  return {
    t,
    site: t.site,
    receiver,
    worker,
    asAdmin,
    deliveries,
    addWebhook: (fields) =>
      asAdmin((ctx) =>
        insertDoc(ctx, {
          doctype: 'Webhook',
          name: `hook-${randomUUID().slice(0, 8)}`,
          webhook_doctype: 'ToDo',
          webhook_docevent: 'after_insert',
          request_url: receiver.url,
          request_method: 'POST',
          enabled: 1,
          ...fields,
        }),
      ),
    async settle(timeoutMs?: number) {
      let pending = 0;
      await waitFor(
        () => `the outbox to drain (${pending} deliveries still pending)`,
        async () => {
          pending = (await deliveries()).filter((row) => row.status === 'Pending').length;
          return pending === 0;
        },
        { timeoutMs },
      );
    },
    async close() {
      await worker.stop();
      await receiver.close();
      await t.close();
    },
  };
}
