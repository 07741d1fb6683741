import type { Context } from '../../engine/context.js';
import { insertDoc } from '../../engine/document.js';
import type { WebhookRequest } from './build-request.js';
import { OUTBOX_TABLE, type DeliveryRow, type DeliveryStatus } from './outbox-table.js';
import type { AttemptResult } from './send-request.js';

/** Header names whose values are credentials: stored masked in the request log. */
const CREDENTIAL_HEADER = /^(authorization|proxy-authorization|cookie|x-api-key)$/i;

/** What happens to a delivery after an attempt. */
export interface AttemptOutcome {
  readonly status: DeliveryStatus;
  /** Unix ms of the next try (Pending only). */
  readonly nextAttemptAt: number | null;
}

/**
 * Writes one Webhook Request Log row for an attempt and moves the outbox row
 * on (delivered, scheduled for retry, or failed); on final failure also an
 * Error Log row. Runs in one transaction so the log and the state agree.
 */
export async function recordAttempt(
  ctx: Context,
  delivery: DeliveryRow,
  request: Partial<WebhookRequest>,
  result: AttemptResult,
  outcome: AttemptOutcome,
): Promise<void> {
  await insertDoc(ctx, {
    doctype: 'Webhook Request Log',
    webhook: delivery.webhook,
    reference_doctype: delivery.reference_doctype,
    reference_document: delivery.reference_name,
    user: delivery.user,
    delivery: delivery.name,
    url: request.url ?? null,
    headers: request.headers ? JSON.stringify(maskCredentials(request.headers), null, 1) : null,
    data: request.body ? request.body.toString('utf8') : null,
    response_status: result.status,
    response: result.response,
    error: result.error ?? '',
    status: outcome.status === 'Pending' ? 'Retrying' : outcome.status,
    attempt: delivery.attempts,
    next_retry: outcome.nextAttemptAt === null ? null : datetime(outcome.nextAttemptAt),
  });
  await ctx.uow.db
    .updateTable(OUTBOX_TABLE)
    .set({
      status: outcome.status,
      next_attempt_at: outcome.nextAttemptAt ?? 0,
      lease_until: 0,
      last_error: result.error,
    })
    .where('name', '=', delivery.name)
    .execute();
  if (outcome.status === 'Failed') await logFinalFailure(ctx, delivery, result);
}

async function logFinalFailure(
  ctx: Context,
  delivery: DeliveryRow,
  result: AttemptResult,
): Promise<void> {
  await insertDoc(ctx, {
    doctype: 'Error Log',
    method: `Webhook ${delivery.webhook}`,
    error: `Webhook delivery ${delivery.name} failed after ${delivery.attempts} attempt(s): ${result.error ?? ''}`,
    reference_doctype: delivery.reference_doctype,
    reference_name: delivery.reference_name,
  });
}

function maskCredentials(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(headers).map(([key, value]) => [
      key,
      CREDENTIAL_HEADER.test(key) ? '***' : value,
    ]),
  );
}

/** Frappe's Datetime text in UTC. */
function datetime(ms: number): string {
  return new Date(ms).toISOString().replace('T', ' ').slice(0, 19);
}
