import type { Context } from '../../engine/context.js';
import type { Site } from '../../engine/site.js';
import { deliverRealtime } from '../../engine/runtime/realtime-hub.js';
import { ALL_ROOM, docRoom, taskRoom, userRoom } from './rooms.js';

/** Frappe's `frappe.publish_realtime` parameters. */
export interface PublishRealtimeOptions {
  readonly event: string;
  readonly message?: unknown;
  /** An explicit room; else task_id, user, doctype+docname pick one; else `all`. */
  readonly room?: string;
  readonly user?: string;
  readonly doctype?: string;
  readonly docname?: string;
  readonly task_id?: string;
  /** Publish only when the caller's transaction commits (nothing on rollback). */
  readonly after_commit?: boolean;
}

/** Frappe's room choice for `publish_realtime`. */
export function roomFor(options: PublishRealtimeOptions): string {
  if (options.room) return options.room;
  if (options.task_id) return taskRoom(options.task_id);
  if (options.user) return userRoom(options.user);
  if (options.doctype && options.docname) return docRoom(options.doctype, options.docname);
  return ALL_ROOM;
}

/**
 * Frappe's `frappe.publish_realtime` for apps and jobs: sends `event` with
 * `message` to the sockets in the chosen room, now or (with `after_commit`)
 * once `ctx`'s transaction commits.
 *
 * @example
 * publishRealtime(ctx, { event: 'msgprint', message: 'Done', user: ctx.user, after_commit: true });
 */
export function publishRealtime(
  ctx: Context | { readonly site: Site },
  options: PublishRealtimeOptions,
): void {
  const event = { event: options.event, message: options.message ?? {}, room: roomFor(options) };
  const send = () => deliverRealtime(ctx.site.name, event);
  if (options.after_commit === true && 'uow' in ctx) ctx.uow.afterCommit(send);
  else send();
}

/**
 * Frappe's `frappe.publish_progress`: a `progress` event with
 * `{percent, title, description}` for a task, a document's viewers, or the user.
 */
export function publishProgress(
  ctx: Context,
  options: {
    readonly percent: number;
    readonly title?: string;
    readonly description?: string;
    readonly doctype?: string;
    readonly docname?: string;
    readonly task_id?: string;
  },
): void {
  const message = {
    percent: options.percent,
    title: options.title ?? '',
    description: options.description ?? '',
  };
  publishRealtime(ctx, {
    event: 'progress',
    message,
    ...(options.task_id ? { task_id: options.task_id } : {}),
    ...(options.doctype && options.docname
      ? { doctype: options.doctype, docname: options.docname }
      : { user: ctx.user }),
  });
}
