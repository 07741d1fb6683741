import type { Context } from '../context.js';
import type { DocEventBus, DocEventListener, DocEventRecord } from './events.js';

/**
 * The per-site doc event bus. `inTransaction` listeners run inside the
 * writing transaction (so an outbox row commits or rolls back with the
 * document); `afterCommit` listeners are queued on the unit of work and run
 * only after a commit, never after a rollback.
 */
export function createDocEventBus(): DocEventBus {
  const listeners = new Set<DocEventListener>();
  return {
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async emit(record: DocEventRecord, ctx: Context) {
      for (const listener of [...listeners]) {
        if (listener.inTransaction) await listener.inTransaction(record, ctx);
        const afterCommit = listener.afterCommit;
        if (afterCommit) ctx.uow.afterCommit(() => afterCommit(record));
      }
    },
  };
}
