import type { ServerMessage } from '@cortado/protocol';
import type { Context } from '../context.js';

/** Options of one message box (Frappe's `msgprint(msg, title=, indicator=)`). */
export interface MsgprintOptions {
  readonly title?: string;
  readonly indicator?: string;
}

/**
 * Appends a user-facing message to the request's message log, as Frappe's
 * `frappe.msgprint` does. The client shows it on success and on error alike.
 * Outside an HTTP request (no log on the context) the message is dropped.
 *
 * @example
 * msgprint(ctx, 'Stock is low', { indicator: 'orange' });
 */
export function msgprint(ctx: Context, message: string, options: MsgprintOptions = {}): void {
  const entry: ServerMessage = { message, title: options.title ?? 'Message' };
  if (options.indicator !== undefined) entry.indicator = options.indicator;
  ctx.messages?.push(entry);
}
