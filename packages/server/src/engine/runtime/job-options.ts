/**
 * Where and how `frappe.enqueue` places a job (docs/spec/jobs-and-server-scripts.md
 * A2), in Frappe's names. The jobs feature takes them; features that reach it
 * through the composition root (Server Scripts) pass them on unchanged.
 */
export interface JobOptions {
  readonly queue?: string;
  /** Seconds; default: the queue's timeout. */
  readonly timeout?: number;
  readonly job_id?: string;
  /** Skip the enqueue while a job with `job_id` is queued or started (needs `job_id`). */
  readonly deduplicate?: boolean;
  /** Return null instead of the job (Frappe's after-commit enqueue); jobs always commit with the caller's transaction here. */
  readonly enqueue_after_commit?: boolean;
  readonly at_front?: boolean;
}
