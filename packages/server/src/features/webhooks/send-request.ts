import type { WebhookRequest } from './build-request.js';

/** Response bodies are stored up to this many characters. */
export const MAX_STORED_RESPONSE = 64 * 1024;

/** What one attempt produced. `error` is set for every failure, HTTP or not. */
export interface AttemptResult {
  readonly ok: boolean;
  readonly status: number | null;
  readonly response: string | null;
  readonly error: string | null;
}

/**
 * Sends one request with the webhook's timeout covering the whole exchange.
 * A status ≥ 400, a timeout or a network error is a failed attempt. With the
 * SSRF guard on, redirects are not followed (they could lead inside).
 */
export async function sendRequest(
  request: WebhookRequest,
  followRedirects: boolean,
): Promise<AttemptResult> {
  try {
    const response = await fetch(request.url, {
      method: request.method,
      headers: request.headers,
      body: request.body,
      redirect: followRedirects ? 'follow' : 'manual',
      signal: AbortSignal.timeout(request.timeoutMs),
    });
    const text = (await response.text()).slice(0, MAX_STORED_RESPONSE);
    const ok = response.status < 400;
    return {
      ok,
      status: response.status,
      response: text,
      error: ok ? null : `HTTP ${response.status}`,
    };
  } catch (error) {
    return { ok: false, status: null, response: null, error: describe(error) };
  }
}

function describe(error: unknown): string {
  if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError'))
    return 'Timed out';
  const cause =
    error instanceof Error
      ? (error.cause as { code?: string; message?: string } | undefined)
      : undefined;
  const message = error instanceof Error ? error.message : String(error);
  return cause?.code
    ? `${message}: ${cause.code}`
    : cause?.message
      ? `${message}: ${cause.message}`
      : message;
}
