import type { Doc } from '../../engine/doc.js';
import { ValidationError } from '../../core/errors/index.js';
import { pythonJsonDumps } from '../../core/python-json.js';
import { pythonValues, type MetaLookup } from './python-values.js';
import { renderTemplate } from '../../platform/templates/render-template.js';
import { conditionContext } from './condition-context.js';
import type { DeliveryRow } from './outbox-table.js';
import { frappeSignature, timestampedSignature } from './sign-request.js';

/** One HTTP request ready to send; the same bytes are signed and sent. */
export interface WebhookRequest {
  readonly url: string;
  readonly method: string;
  readonly headers: Record<string, string>;
  readonly body: Buffer;
  readonly timeoutMs: number;
}

interface Row {
  readonly key?: unknown;
  readonly value?: unknown;
  readonly fieldname?: unknown;
}

const FORM = 'application/x-www-form-urlencoded';

/**
 * Builds the request for one delivery from the Webhook's current settings and
 * the document state stored in the outbox (webhooks spec §3, docs/spec/DECISIONS.md).
 * Throws `ValidationError` when the URL or body cannot be built.
 */
export function buildRequest(
  webhook: Doc,
  delivery: DeliveryRow,
  options: {
    readonly now: number;
    readonly standardHeaders: boolean;
    readonly metaOf?: MetaLookup;
  },
): WebhookRequest {
  const doc = JSON.parse(delivery.doc) as Doc;
  const { body, contentType } = buildBody(webhook, doc, options.metaOf);
  const timestamp = Math.floor(options.now / 1000);
  const secret = webhook['enable_security'] ? String(webhook['webhook_secret'] ?? '') : '';
  const headers: Record<string, string> = {};
  if (secret) headers['X-Frappe-Webhook-Signature'] = frappeSignature(secret, body);
  for (const row of (webhook['webhook_headers'] ?? []) as Row[]) {
    if (row.key && row.value) headers[String(row.key)] = String(row.value);
  }
  // Frappe sends no Content-Type unless a header row sets one (webhooks spec §3.4); a real form body names its type.
  if (contentType !== undefined) setDefault(headers, 'Content-Type', contentType);
  setDefault(headers, 'User-Agent', 'Cortado-Webhook/1');
  const ids = {
    'X-Cortado-Webhook-Id': delivery.name,
    'X-Cortado-Webhook-Timestamp': String(timestamp),
    'X-Cortado-Webhook-Event': `${delivery.reference_doctype}:${delivery.event}`,
    ...(secret
      ? {
          'X-Cortado-Webhook-Signature': timestampedSignature(
            secret,
            delivery.name,
            timestamp,
            body,
          ),
        }
      : {}),
  };
  Object.assign(headers, ids);
  if (options.standardHeaders) {
    headers['webhook-id'] = ids['X-Cortado-Webhook-Id'];
    headers['webhook-timestamp'] = ids['X-Cortado-Webhook-Timestamp'];
    if (ids['X-Cortado-Webhook-Signature'])
      headers['webhook-signature'] = ids['X-Cortado-Webhook-Signature'];
  }
  return {
    url: requestUrl(webhook, doc),
    method: String(webhook['request_method'] || 'POST'),
    headers,
    body,
    timeoutMs: (Number(webhook['timeout']) || 5) * 1000,
  };
}

/**
 * The request body a webhook sends for `doc`, as the bytes of Python's
 * `json.dumps` (webhooks spec §3.3: float fields keep `.0`, non-ASCII is
 * escaped), and the content type only a real form body carries.
 */
export function buildBody(
  webhook: Doc,
  doc: Doc,
  metaOf: MetaLookup = () => undefined,
): { body: Buffer; contentType?: string } {
  const payload = webhookPayload(webhook, doc, metaOf);
  if ('form' in payload) return { body: Buffer.from(payload.form), contentType: FORM };
  return { body: Buffer.from(pythonJsonDumps(payload.data)) };
}

/**
 * What a webhook sends for `doc`: the data to serialise (rows, the rendered
 * template, or the whole document), or a real form body. `metaOf` tells
 * which fields hold floats.
 */
export function webhookPayload(
  webhook: Doc,
  doc: Doc,
  metaOf: MetaLookup,
): { data: unknown } | { form: string } {
  const rows = (webhook['webhook_data'] ?? []) as Row[];
  if (rows.length > 0) {
    if (webhook['request_structure'] === 'Form URL-Encoded') {
      const form = new URLSearchParams(
        rows.map((row): [string, string] => {
          const value = doc[String(row.fieldname)];
          return [String(row.key), value === null || value === undefined ? '' : String(value)];
        }),
      );
      return { form: form.toString() };
    }
    const values = pythonValues(doc, metaOf);
    return {
      data: Object.fromEntries(
        rows.map((row) => [String(row.key), values[String(row.fieldname)] ?? null]),
      ),
    };
  }
  const template = String(webhook['webhook_json'] ?? '').trim();
  if (template) {
    const text = renderTemplate(template, conditionContext(doc));
    try {
      // Frappe parses the rendered text and sends it re-serialised by json.dumps.
      return { data: JSON.parse(text) as unknown };
    } catch (error) {
      throw new ValidationError(
        `Webhook body is not valid JSON (${(error as Error).message}): ${text.slice(0, 500)}`,
      );
    }
  }
  return { data: { doctype: doc.doctype, name: doc.name, data: pythonValues(doc, metaOf) } };
}

function requestUrl(webhook: Doc, doc: Doc): string {
  const raw = String(webhook['request_url'] ?? '').trim();
  const text = webhook['is_dynamic_url'] ? renderTemplate(raw, conditionContext(doc)) : raw;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new ValidationError(`Check Request URL: ${text}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new ValidationError(`Unsupported URL scheme: ${url.protocol}`);
  return url.toString();
}

function setDefault(headers: Record<string, string>, name: string, value: string): void {
  const lower = name.toLowerCase();
  if (!Object.keys(headers).some((key) => key.toLowerCase() === lower)) headers[name] = value;
}
