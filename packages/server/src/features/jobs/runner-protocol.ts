import type { JobPayload } from './enqueue.js';
import type { RealtimeEvent } from '../../engine/runtime/realtime-hub.js';
import type { JobOutcome } from './finish-job.js';

/** What the parent sends a runner thread: one job to run. */
export interface RunRequest {
  readonly method: string;
  readonly payload: JobPayload;
  readonly user: string;
}

/** What a runner thread answers. */
export type ThreadMessage =
  | { readonly type: 'ready' }
  | { readonly type: 'fatal'; readonly message: string }
  | { readonly type: 'done'; readonly outcome: JobOutcome }
  /** An event the job published (`publish_realtime`, `publish_progress`, `doc_update`): the parent delivers it. */
  | { readonly type: 'realtime'; readonly site: string; readonly event: RealtimeEvent };

/** A thrown value as a failed outcome: Frappe's exception name, its message and the stack. */
export function describeFailure(error: unknown): JobOutcome {
  if (error instanceof Error) {
    const excType = (error as { excType?: unknown }).excType;
    return {
      ok: false,
      excType: typeof excType === 'string' ? excType : error.name,
      message: error.message,
      traceback: error.stack ?? `${error.name}: ${error.message}`,
    };
  }
  return {
    ok: false,
    excType: 'Error',
    message: String(error),
    traceback: `Error: ${String(error)}`,
  };
}
