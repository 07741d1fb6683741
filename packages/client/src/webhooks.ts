/*
 * Checking that a webhook request came from the site that holds the secret.
 * Only Web Crypto is used (Node, browsers, Deno, Bun, edge workers), and the
 * comparison is `crypto.subtle.verify`, which takes the same time whether or
 * not the signature matches.
 */

/** A raw request body: exactly the bytes received, before any JSON parsing. */
export type RawBody = string | Uint8Array | ArrayBuffer;

/** Request headers as the common runtimes hand them over. */
export type WebhookHeaders =
  Headers | Readonly<Record<string, string | readonly string[] | undefined>>;

/**
 * How to verify.
 *
 * - `frappe`: `X-Frappe-Webhook-Signature`, base64 HMAC-SHA256 of the body
 *   (what Frappe and ERPNext send). It carries no timestamp, so a captured
 *   request can be replayed: deduplicate on your side.
 * - `cortado`: `X-Cortado-Webhook-Signature` (`v1,<base64>` over
 *   `<id>.<timestamp>.<body>`) with `X-Cortado-Webhook-Id` and
 *   `X-Cortado-Webhook-Timestamp`; requests outside the tolerance window are
 *   refused, which stops replays.
 *
 * @example
 * const options: WebhookOptions = { secret: process.env.WEBHOOK_SECRET!, scheme: 'cortado' };
 */
export interface WebhookOptions {
  /** The webhook's secret (Webhook → Security → Secret). */
  readonly secret: string;
  readonly scheme: 'frappe' | 'cortado';
  /** `cortado`: how far the timestamp may be from now, in seconds (default 300). */
  readonly toleranceSeconds?: number;
  /** Current time in ms (tests inject a clock). */
  readonly now?: () => number;
}

/** What a verified request tells about itself. */
export interface VerifiedWebhook {
  readonly scheme: 'frappe' | 'cortado';
  /** `cortado`: the delivery id, the same on every retry — deduplicate on it. */
  readonly id: string | undefined;
  /** `cortado`: Unix seconds of this attempt. */
  readonly timestamp: number | undefined;
  /** `cortado`: `<doctype>:<event>`. */
  readonly event: string | undefined;
}

/** Why a webhook request was refused. */
export type WebhookFailure =
  'missing-signature' | 'invalid-signature' | 'missing-timestamp' | 'stale-timestamp';

/** A request that failed verification; `reason` says why. Answer it with 401. */
export class WebhookVerificationError extends Error {
  readonly reason: WebhookFailure;
  constructor(reason: WebhookFailure) {
    super(`Webhook rejected: ${reason.replace('-', ' ')}`);
    this.name = 'WebhookVerificationError';
    this.reason = reason;
  }
}

const DEFAULT_TOLERANCE_SECONDS = 300;
const encoder = new TextEncoder();

/**
 * Verifies a webhook request; resolves with its id, timestamp and event, or
 * rejects with {@link WebhookVerificationError}.
 *
 * @example
 * const webhook = await verifyWebhook(rawBody, request.headers, { secret, scheme: 'cortado' });
 */
export async function verifyWebhook(
  body: RawBody,
  headers: WebhookHeaders,
  options: WebhookOptions,
): Promise<VerifiedWebhook> {
  const bytes = toBytes(body);
  if (options.scheme === 'frappe') {
    const signature = header(headers, 'x-frappe-webhook-signature');
    if (signature === undefined) throw new WebhookVerificationError('missing-signature');
    if (!(await hmacMatches(options.secret, bytes, [signature])))
      throw new WebhookVerificationError('invalid-signature');
    return { scheme: 'frappe', id: undefined, timestamp: undefined, event: undefined };
  }
  const signature = header(headers, 'x-cortado-webhook-signature');
  const id = header(headers, 'x-cortado-webhook-id');
  if (signature === undefined || id === undefined)
    throw new WebhookVerificationError('missing-signature');
  const stamp = header(headers, 'x-cortado-webhook-timestamp');
  if (stamp === undefined || !/^\d+$/.test(stamp))
    throw new WebhookVerificationError('missing-timestamp');
  const timestamp = Number(stamp);
  const now = (options.now ?? Date.now)() / 1000;
  if (Math.abs(now - timestamp) > (options.toleranceSeconds ?? DEFAULT_TOLERANCE_SECONDS))
    throw new WebhookVerificationError('stale-timestamp');
  // Several space-separated `v1,<sig>` entries are allowed while a secret is rotated.
  const candidates = signature
    .split(' ')
    .filter((entry) => entry.startsWith('v1,'))
    .map((entry) => entry.slice(3));
  const signed = concat(encoder.encode(`${id}.${stamp}.`), bytes);
  if (!(await hmacMatches(options.secret, signed, candidates)))
    throw new WebhookVerificationError('invalid-signature');
  return { scheme: 'cortado', id, timestamp, event: header(headers, 'x-cortado-webhook-event') };
}

async function hmacMatches(
  secret: string,
  data: Uint8Array,
  signatures: readonly string[],
): Promise<boolean> {
  const key = await crypto.subtle.importKey(
    'raw',
    encoder.encode(secret),
    { name: 'HMAC', hash: 'SHA-256' },
    false,
    ['verify'],
  );
  for (const signature of signatures) {
    const expected = fromBase64(signature.trim());
    if (expected !== undefined && (await crypto.subtle.verify('HMAC', key, expected, data)))
      return true;
  }
  return false;
}

function header(headers: WebhookHeaders, name: string): string | undefined {
  if (typeof (headers as Headers).get === 'function')
    return (headers as Headers).get(name) ?? undefined;
  const record = headers as Readonly<Record<string, string | readonly string[] | undefined>>;
  const key = Object.keys(record).find((candidate) => candidate.toLowerCase() === name);
  const value = key === undefined ? undefined : record[key];
  return typeof value === 'string' ? value : value?.[0];
}

function toBytes(body: RawBody): Uint8Array {
  if (typeof body === 'string') return encoder.encode(body);
  return body instanceof Uint8Array ? body : new Uint8Array(body);
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}

function fromBase64(text: string): Uint8Array | undefined {
  try {
    return Uint8Array.from(atob(text), (char) => char.charCodeAt(0));
  } catch {
    return undefined;
  }
}
