import type { Doc } from '../../engine/doc.js';
import type { Site } from '../../engine/site.js';
import { getDecryptedPassword, getDoc } from '../../engine/document.js';
import { withContext } from '../../engine/runtime/with-context.js';
import { DoesNotExistError } from '../../core/errors/index.js';
import { buildRequest, type WebhookRequest } from './build-request.js';
import type { DeliveryRow } from './outbox-table.js';
import { recordAttempt, type AttemptOutcome } from './record-attempt.js';
import { sendRequest, type AttemptResult } from './send-request.js';
import { assertAllowedTarget } from '../../platform/net/ssrf-guard.js';
import { retryDelayMs, type WebhookSettings } from './webhook-settings.js';

const SYSTEM = { ignorePermissions: true, ignoreLinks: true } as const;

/**
 * One attempt at a claimed delivery: read the Webhook as it is now, build and
 * sign the request, send it outside any transaction, then record the attempt
 * and the next state. A deleted or disabled Webhook, or a body that cannot be
 * built, fails the delivery without sending.
 */
export async function processDelivery(
  site: Site,
  delivery: DeliveryRow,
  settings: WebhookSettings,
): Promise<void> {
  const webhook = await loadWebhook(site, delivery.webhook);
  let request: WebhookRequest | undefined;
  let result: AttemptResult;
  let retryable = true;
  if (webhook === undefined || !webhook['enabled']) {
    result = failure(`Webhook ${delivery.webhook} is deleted or disabled`);
    retryable = false;
  } else {
    try {
      request = buildRequest(webhook, delivery, {
        now: Date.now(),
        standardHeaders: settings.standardHeaders,
        metaOf: (doctype) => (site.meta.has(doctype) ? site.meta.getMeta(doctype) : undefined),
      });
      if (settings.ssrfGuard) await assertAllowedTarget(request.url, settings.allowedHosts);
      result = await sendRequest(request, !settings.ssrfGuard);
    } catch (error) {
      result = failure(error instanceof Error ? error.message : String(error));
      retryable = request !== undefined;
    }
  }
  const outcome = decide(result, delivery, settings, retryable);
  await withContext(
    site,
    'Administrator',
    (ctx) => recordAttempt(ctx, delivery, request ?? {}, result, outcome),
    {
      flags: SYSTEM,
    },
  );
}

/** The Webhook as it is now, its secret decrypted for signing (the document only holds the mask). */
async function loadWebhook(site: Site, name: string): Promise<Doc | undefined> {
  return withContext(
    site,
    'Administrator',
    async (ctx) => {
      const webhook = await getDoc(ctx, 'Webhook', name).catch((error: unknown) => {
        if (error instanceof DoesNotExistError) return undefined;
        throw error;
      });
      if (webhook === undefined) return undefined;
      const secret = await getDecryptedPassword(ctx, 'Webhook', name, 'webhook_secret');
      return { ...webhook, webhook_secret: secret ?? '' };
    },
    { readOnly: true, flags: SYSTEM },
  );
}

function failure(error: string): AttemptResult {
  return { ok: false, status: null, response: null, error };
}

function decide(
  result: AttemptResult,
  delivery: DeliveryRow,
  settings: WebhookSettings,
  retryable: boolean,
): AttemptOutcome {
  if (result.ok) return { status: 'Delivered', nextAttemptAt: null };
  if (!retryable || delivery.attempts > settings.maxRetries)
    return { status: 'Failed', nextAttemptAt: null };
  return {
    status: 'Pending',
    nextAttemptAt: Date.now() + retryDelayMs(settings, delivery.attempts),
  };
}
