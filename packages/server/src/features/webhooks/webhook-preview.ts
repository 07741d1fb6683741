import type { DocMethod } from '../../engine/runtime/app-definition.js';
import type { Context } from '../../engine/context.js';
import type { Doc } from '../../engine/doc.js';
import { getDoc } from '../../engine/document.js';
import { filterReadable } from '../../engine/permissions/index.js';
import { evaluateCondition } from '../../platform/templates/evaluate-condition.js';
import { pythonJsonDumps } from '../../core/python-json.js';
import { webhookPayload } from './build-request.js';
import { conditionContext } from './condition-context.js';

/**
 * The Webhook form's preview buttons, Frappe's whitelisted Webhook methods:
 * `preview_meets_condition` ("Yes"/"No") and `preview_request_body` (the
 * body the webhook would send), for the form's `preview_document`. The form
 * may be unsaved, so they work on the settings sent. The preview document is
 * read as its caller may read it: a document they cannot read is refused,
 * and fields above their permission level are not shown. A failure is
 * answered as text, as in Frappe, never raised.
 */
async function previewDoc(ctx: Context, webhook: Doc): Promise<Doc> {
  const doctype = String(webhook['webhook_doctype'] ?? '');
  const name = String(webhook['preview_document'] ?? '');
  return filterReadable(ctx, await getDoc(ctx, doctype, name));
}

const previewMeetsCondition: DocMethod = async (webhook, _args, ctx) => {
  const condition = typeof webhook['condition'] === 'string' ? webhook['condition'].trim() : '';
  if (condition === '') return 'Yes';
  try {
    const doc = await previewDoc(ctx, webhook);
    return evaluateCondition(condition, conditionContext(doc)) ? 'Yes' : 'No';
  } catch (error) {
    return `Failed to evaluate conditions: ${messageOf(error)}`;
  }
};

/** The body as Frappe shows it: JSON indented by one space with sorted keys (`frappe.as_json`). */
const previewRequestBody: DocMethod = async (webhook, _args, ctx) => {
  try {
    const doc = await previewDoc(ctx, webhook);
    const metaOf = (doctype: string) =>
      ctx.site.meta.has(doctype) ? ctx.site.meta.getMeta(doctype) : undefined;
    const payload = webhookPayload(webhook, doc, metaOf);
    return 'form' in payload ? payload.form : pythonJsonDumps(payload.data, AS_JSON);
  } catch (error) {
    return `Failed to compute request body: ${messageOf(error)}`;
  }
};

const AS_JSON = { indent: 1, sortKeys: true } as const;

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export const WEBHOOK_PREVIEW_METHODS: Readonly<Record<string, DocMethod>> = {
  preview_meets_condition: previewMeetsCondition,
  preview_request_body: previewRequestBody,
};
