/** Background jobs: Frappe's `frappe.enqueue` for apps, the embedded queue and BullMQ backends and their workers. */
export { enqueue, enqueueDoc, type EnqueueOptions, type EnqueuedJob } from './enqueue.js';
export { startJobWorker, type JobWorker, type JobWorkerOptions } from './job-worker.js';
export { ensureJobTable, JOB_TABLE, type JobRow, type JobStatus } from './job-table.js';
export { parseQueueList, QUEUE_NAMES } from './queues.js';
export { jobMethods } from './job-methods.js';
export { closeJobBackend, jobStoreOf, pingJobBackend, usesBullmq } from './job-backend.js';
export type { JobFilter, JobInfo, JobStore, WorkerInfo } from './job-store.js';
export { rqJobController, rqJobMethods } from './rq-job.js';
export { rqWorkerController } from './rq-worker.js';
export { queueDepths } from './queue-depths.js';
