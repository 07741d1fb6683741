import { createHmac } from 'node:crypto';

/** Frappe's signature: standard base64 of HMAC-SHA256 over the exact body bytes. */
export function frappeSignature(secret: string, body: Buffer): string {
  return createHmac('sha256', secret).update(body).digest('base64');
}

/** `v1,<base64 HMAC-SHA256 over "<id>.<timestamp>.<body>">`: lets receivers reject replays. */
export function timestampedSignature(
  secret: string,
  id: string,
  timestamp: number,
  body: Buffer,
): string {
  const hmac = createHmac('sha256', secret).update(`${id}.${timestamp}.`).update(body);
  return `v1,${hmac.digest('base64')}`;
}
