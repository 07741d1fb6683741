import type { Context } from '../context.js';
import type { Doc, DocEvent } from '../doc.js';

/**
 * Frappe's `run_method`: the DocType controller's hook first, then every
 * app's `doc_events` handler (DocType-specific, then `*`), then the event is
 * published on the site's bus, where webhooks and other features listen (§7.11).
 * Every call is published, so repeated triggers in one transaction are all seen.
 */
export async function runDocEvent(
  ctx: Context,
  event: DocEvent,
  doc: Doc,
  before: Doc | null,
  options: { inInsert?: boolean } = {},
): Promise<void> {
  const args = { ctx, before };
  const own = ctx.site.apps.controller(doc.doctype)?.[event];
  if (own) await own(doc, args);
  for (const hook of ctx.site.apps.docHooks(doc.doctype, event)) await hook(doc, args);
  await ctx.site.events.emit(
    {
      doctype: doc.doctype,
      name: String(doc.name),
      event,
      doc: structuredClone(doc),
      ...(options.inInsert ? { inInsert: true } : {}),
    },
    ctx,
  );
}
