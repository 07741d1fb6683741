import type { Context } from '../context.js';
import type { Doc, DocEvent } from '../doc.js';

/** One doc event as listeners receive it. `doc` is the state after the operation. */
export interface DocEventRecord {
  readonly doctype: string;
  readonly name: string;
  readonly event: DocEvent;
  readonly doc: Doc;
  /** Set while the document is being inserted: Frappe never sends `on_change` webhooks then (§7.11). */
  readonly inInsert?: boolean;
}

/**
 * A subscriber to doc events (webhooks, caches). `inTransaction` runs inside
 * the writing transaction, so it can write outbox rows that commit or roll back
 * with the document; `afterCommit` runs only once the transaction committed.
 */
export interface DocEventListener {
  readonly inTransaction?: (record: DocEventRecord, ctx: Context) => Promise<void>;
  readonly afterCommit?: (record: DocEventRecord) => void | Promise<void>;
}

/** Per-site list of listeners. */
export interface DocEventBus {
  subscribe(listener: DocEventListener): () => void;
  /** Called by the engine for every event it fires. */
  emit(record: DocEventRecord, ctx: Context): Promise<void>;
}
