import { ValidationError } from '../../core/errors/index.js';
import type { Doc } from '../../engine/doc.js';
import type { Meta } from '../../model/meta.js';
import { CHILD_FIELDNAMES, STANDARD_FIELDNAMES } from '../../model/standard-fieldnames.js';
import { evaluateCondition } from '../../platform/templates/evaluate-condition.js';
import { assertSafeTemplate, firstLine } from '../../platform/templates/safe-template.js';
import { conditionContext } from './condition-context.js';

/** Events that only submittable DocTypes run. */
const SUBMIT_EVENTS = new Set(['on_submit', 'on_cancel', 'on_update_after_submit']);
const TABLE_TYPES = new Set(['Table', 'Table MultiSelect']);
/** Fields a payload row may name besides the DocType's own. */
const ALWAYS_PRESENT = new Set<string>([...STANDARD_FIELDNAMES, ...CHILD_FIELDNAMES, 'doctype']);

interface DataRow {
  readonly fieldname?: unknown;
}

/**
 * Frappe's `Webhook.validate` (webhooks spec §1.5), checked against the
 * target DocType's `meta`: every failure is a `ValidationError` with Frappe's
 * message. Clears the body part the chosen structure does not use, as Frappe
 * does. Beyond Frappe, `webhook_data` rows must name fields the DocType has.
 */
export function validateWebhook(doc: Doc, meta: Meta): void {
  const event = String(doc['webhook_docevent'] ?? '');
  if (SUBMIT_EVENTS.has(event) && !meta.is_submittable)
    throw new ValidationError('DocType must be Submittable for the selected Doc Event');
  validateCondition(doc['condition'], meta);
  validateRequestUrl(doc);
  validateStructure(doc);
  validateDataRows((doc['webhook_data'] ?? []) as DataRow[], meta);
  if (Number(doc['enable_security']) === 1 && !doc['webhook_secret'])
    throw new ValidationError('Invalid Webhook Secret');
}

/** Frappe evaluates the condition on a new, blank document of the DocType. */
function validateCondition(condition: unknown, meta: Meta): void {
  if (typeof condition !== 'string' || !condition.trim()) return;
  try {
    evaluateCondition(condition, conditionContext(blankDoc(meta)));
  } catch (error) {
    throw new ValidationError(`Invalid Condition: ${firstLine(error)}`);
  }
}

function blankDoc(meta: Meta): Doc {
  const doc: Doc = { doctype: meta.name, docstatus: 0 };
  for (const field of meta.fields)
    doc[field.fieldname] = TABLE_TYPES.has(field.fieldtype) ? [] : null;
  return doc;
}

/** An absolute http(s) URL with a host, as written (a dynamic URL's template parts included). */
function validateRequestUrl(doc: Doc): void {
  const text = String(doc['request_url'] ?? '').trim();
  let url: URL | undefined;
  try {
    url = new URL(text);
  } catch {
    url = undefined;
  }
  if (url === undefined || (url.protocol !== 'http:' && url.protocol !== 'https:') || !url.hostname)
    throw new ValidationError('Check Request URL');
  if (Number(doc['is_dynamic_url']) === 1) assertTemplate(text, 'Request URL');
}

function validateStructure(doc: Doc): void {
  const structure = doc['request_structure'];
  if (structure === 'Form URL-Encoded') doc['webhook_json'] = null;
  if (structure !== 'JSON') return;
  assertTemplate(String(doc['webhook_json'] ?? ''), 'JSON Request Body');
  doc['webhook_data'] = [];
}

function assertTemplate(source: string, label: string): void {
  try {
    assertSafeTemplate(source);
  } catch (error) {
    throw new ValidationError(`Invalid ${label}: ${firstLine(error)}`);
  }
}

function validateDataRows(rows: readonly DataRow[], meta: Meta): void {
  const seen = new Set<string>();
  for (const row of rows) {
    const fieldname = String(row.fieldname ?? '');
    if (seen.has(fieldname)) throw new ValidationError('Same Field is entered more than once');
    seen.add(fieldname);
    if (!ALWAYS_PRESENT.has(fieldname) && meta.getField(fieldname) === undefined)
      throw new ValidationError(`Field ${fieldname} does not exist in DocType ${meta.name}`);
  }
}
