import { ValidationError } from '../../core/errors/index.js';
import type { Controller } from '../../engine/runtime/app-definition.js';
import { validateWebhook } from './validate-webhook.js';
import { WEBHOOK_PREVIEW_METHODS } from './webhook-preview.js';

/** Controller of the `Webhook` DocType: Frappe's save-time checks (webhooks spec §1.5). */
export const webhookController: Controller = {
  validate(doc, { ctx }) {
    const doctype = String(doc['webhook_doctype'] ?? '');
    if (!ctx.site.meta.has(doctype)) throw new ValidationError(`DocType ${doctype} not found`);
    validateWebhook(doc, ctx.site.meta.getMeta(doctype));
  },
  methods: WEBHOOK_PREVIEW_METHODS,
};
