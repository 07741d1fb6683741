/** Webhooks: outbox writer, delivery worker, resend method and table setup. */
export { webhookOutboxListener } from './write-delivery.js';
export { startWebhookWorker, type WebhookWorker } from './webhook-worker.js';
export { resendDelivery } from './resend-delivery.js';
export { ensureWebhookOutbox, OUTBOX_TABLE, type DeliveryRow } from './outbox-table.js';
export { webhookController } from './webhook-controller.js';
export { deliveryCounts } from './delivery-counts.js';
