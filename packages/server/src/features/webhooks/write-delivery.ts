import { randomUUID } from 'node:crypto';
import type { Logger } from '../../core/logger.js';
import type { Context } from '../../engine/context.js';
import type { DocEventListener, DocEventRecord } from '../../engine/runtime/events.js';
import type { UnitOfWork } from '../../platform/db/database.js';
import { ValidationError } from '../../core/errors/index.js';
import { evaluateCondition } from '../../platform/templates/evaluate-condition.js';
import { conditionContext } from './condition-context.js';
import { runPrecompiled } from '../../platform/db/precompiled.js';
import { OUTBOX_TABLE } from './outbox-table.js';
import { isWebhookEvent } from './webhook-events.js';
import { deliveriesCommitted } from './wake-deliveries.js';

interface ActiveWebhook {
  readonly name: string;
  readonly condition: string | null;
}

/**
 * The outbox writer: for every matching enabled Webhook whose condition holds,
 * writes a `Pending` delivery row inside the document's own transaction, so a
 * rollback sends nothing and a commit can never lose it. Repeated triggers of
 * one (webhook, document, event) in one transaction keep one row, and every
 * later event of the document refreshes its rows, so each carries the
 * committed state (docs/spec/DECISIONS.md). A condition that cannot be evaluated fails
 * the save.
 */
export function webhookOutboxListener(logger: Logger): DocEventListener {
  const written = new WeakMap<UnitOfWork, TransactionDeliveries>();
  return {
    async inTransaction(record, ctx) {
      if (ctx.flags.inInstall === true) return;
      let mine = written.get(ctx.uow);
      await refreshDeliveries(ctx, mine?.byDoc.get(docKey(record)), record);
      if (!isWebhookEvent(record)) return;
      for (const webhook of await activeWebhooks(ctx, record)) {
        if (!conditionHolds(webhook, record, logger)) continue;
        if (mine === undefined) {
          written.set(ctx.uow, (mine = { byTrigger: new Set(), byDoc: new Map() }));
          const site = ctx.site;
          ctx.uow.afterCommit(() => deliveriesCommitted(site));
        }
        const trigger = `${webhook.name}\u0000${docKey(record)}\u0000${record.event}`;
        if (mine.byTrigger.has(trigger)) continue;
        mine.byTrigger.add(trigger);
        const id = await insertDelivery(ctx, webhook.name, record);
        const ids = mine.byDoc.get(docKey(record)) ?? [];
        mine.byDoc.set(docKey(record), [...ids, id]);
      }
    },
  };
}

/** What one transaction wrote: triggers already queued, and delivery ids per document. */
interface TransactionDeliveries {
  readonly byTrigger: Set<string>;
  readonly byDoc: Map<string, string[]>;
}

function docKey(record: DocEventRecord): string {
  return `${record.doctype}\u0000${record.name}`;
}

/** Deliveries carry the committed state: a later event of the document in this transaction updates them. */
async function refreshDeliveries(
  ctx: Context,
  ids: string[] | undefined,
  record: DocEventRecord,
): Promise<void> {
  if (ids === undefined || ids.length === 0) return;
  await ctx.uow.db
    .updateTable(OUTBOX_TABLE)
    .set({ doc: JSON.stringify(record.doc) })
    .where('name', 'in', ids)
    .execute();
}

async function activeWebhooks(ctx: Context, record: DocEventRecord): Promise<ActiveWebhook[]> {
  const { db, dialect } = ctx.uow;
  // Runs for every doc event of every save: compiled once, not built each time.
  return runPrecompiled<ActiveWebhook>(
    db,
    dialect.type,
    'active webhooks',
    () =>
      db
        .selectFrom('tabWebhook')
        .select(['name', 'condition'])
        .where('webhook_doctype', '=', record.doctype)
        .where('webhook_docevent', '=', record.event)
        .where('enabled', '=', 1)
        .orderBy('creation'),
    [record.doctype, record.event, 1],
  );
}

/**
 * Whether the webhook's condition holds for the document. A condition that
 * cannot be evaluated fails the save, as Frappe's does (its exception ends
 * the request); here it is a ValidationError naming the webhook, never a 500.
 */
function conditionHolds(webhook: ActiveWebhook, record: DocEventRecord, logger: Logger): boolean {
  if (!webhook.condition?.trim()) return true;
  try {
    return evaluateCondition(webhook.condition, conditionContext(record.doc));
  } catch (error) {
    logger.warn(
      { webhook: webhook.name, doctype: record.doctype, docname: record.name, err: error },
      'webhook condition failed to evaluate; the save fails',
    );
    const reason = error instanceof Error ? error.message : String(error);
    throw new ValidationError(
      `Webhook ${webhook.name}: the condition failed to evaluate: ${reason}`,
    );
  }
}

async function insertDelivery(
  ctx: Context,
  webhook: string,
  record: DocEventRecord,
): Promise<string> {
  const name = randomUUID();
  const now = Date.now();
  await ctx.uow.db
    .insertInto(OUTBOX_TABLE)
    .values({
      name,
      webhook,
      reference_doctype: record.doctype,
      reference_name: record.name,
      event: record.event,
      user: ctx.user,
      doc: JSON.stringify(record.doc),
      status: 'Pending',
      attempts: 0,
      next_attempt_at: now,
      lease_until: 0,
      created_at: now,
    })
    .execute();
  return name;
}
