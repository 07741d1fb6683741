import { DoesNotExistError, PermissionError } from '../../core/errors/index.js';
import type { WhitelistedMethod } from '../../engine/runtime/app-definition.js';
import type { Context } from '../../engine/context.js';
import { OUTBOX_TABLE } from './outbox-table.js';
import { deliveriesCommitted } from './wake-deliveries.js';

/**
 * `cortado.webhooks.resend_delivery(delivery)`: queues a delivery again (any
 * state), by delivery id or by the name of one of its Webhook Request Log
 * rows. It keeps its id, so receivers that deduplicate see a repeat. System
 * Manager only.
 */
export const resendDelivery: WhitelistedMethod = {
  path: 'cortado.webhooks.resend_delivery',
  methods: ['POST'],
  params: { delivery: { type: 'string' } },
  async handler(args, ctx) {
    if (ctx.user !== 'Administrator' && !ctx.roles.has('System Manager')) {
      throw new PermissionError('Not permitted to resend webhook deliveries');
    }
    const name = await deliveryName(ctx, String(args['delivery']));
    await ctx.uow.db
      .updateTable(OUTBOX_TABLE)
      .set({
        status: 'Pending',
        attempts: 0,
        next_attempt_at: Date.now(),
        lease_until: 0,
        last_error: null,
      })
      .where('name', '=', name)
      .execute();
    const site = ctx.site;
    ctx.uow.afterCommit(() => deliveriesCommitted(site));
    return { delivery: name, status: 'Pending' };
  },
};

async function deliveryName(ctx: Context, value: string): Promise<string> {
  const direct = await ctx.uow.db
    .selectFrom(OUTBOX_TABLE)
    .select('name')
    .where('name', '=', value)
    .executeTakeFirst();
  if (direct) return value;
  const log = (await ctx.uow.db
    .selectFrom('tabWebhook Request Log')
    .select('delivery')
    .where('name', '=', value)
    .executeTakeFirst()) as { delivery?: string | null } | undefined;
  if (log?.delivery) return log.delivery;
  throw new DoesNotExistError(`Webhook Delivery ${value} not found`);
}
