import type { SiteConfig } from '../../core/config/site-config.js';

/** Delivery settings from site config (all optional; see docs/webhooks.md). */
export interface WebhookSettings {
  /** Retries after the first attempt before a delivery is marked Failed. */
  readonly maxRetries: number;
  /** First retry delay; each later one is 3× longer, capped at `maxDelaySeconds`, with ±25 % jitter. */
  readonly retryBaseSeconds: number;
  readonly maxDelaySeconds: number;
  /** How often an idle worker looks for due deliveries. */
  readonly pollIntervalMs: number;
  readonly concurrency: number;
  /** How long a claimed delivery stays with its worker; after a crash, others take it over once this passes. */
  readonly claimLeaseMs: number;
  /** Refuse loopback, private and link-local targets unless their host is allowed. */
  readonly ssrfGuard: boolean;
  readonly allowedHosts: readonly string[];
  /** Also send the Standard Webhooks header names (`webhook-id`, …). */
  readonly standardHeaders: boolean;
}

/** Reads the `webhook_*` keys of a site's config; their defaults live in `core/config/defaults.ts`. */
export function webhookSettings(config: SiteConfig): WebhookSettings {
  return {
    maxRetries: config.webhook_max_retries,
    retryBaseSeconds: config.webhook_retry_base_seconds,
    maxDelaySeconds: config.webhook_retry_max_delay_seconds,
    pollIntervalMs: config.webhook_poll_interval_ms,
    concurrency: config.webhook_concurrency,
    claimLeaseMs: config.webhook_claim_lease_seconds * 1000,
    ssrfGuard: Boolean(config.webhook_ssrf_guard),
    allowedHosts: config.webhook_allowed_hosts.map((host) => host.toLowerCase()),
    standardHeaders: Boolean(config.webhook_standard_headers),
  };
}

/** Delay before retry number `attempt` (1-based): exponential with jitter. */
export function retryDelayMs(settings: WebhookSettings, attempt: number): number {
  const exponential = settings.retryBaseSeconds * 3 ** Math.max(0, attempt - 1);
  const capped = Math.min(exponential, settings.maxDelaySeconds);
  return Math.round(capped * 1000 * (0.75 + Math.random() * 0.5));
}
