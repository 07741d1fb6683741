/** The scheduler: apps' `scheduler_events` as Scheduled Job Types, enqueued on the job queue when due. */
export { startScheduler, type Scheduler } from './scheduler.js';
export {
  runSchedulerTick,
  jitterMs,
  SCHEDULED_SCRIPT_METHOD,
  type ClaimedSlot,
} from './scheduler-tick.js';
export { syncScheduledJobTypes, jobTypeName } from './sync-job-types.js';
export { ensureSlotTable, SLOT_TABLE } from './slot-table.js';
export { assertCron } from './cron-slots.js';
export { scheduledJobTypeController } from './scheduled-job-type-controller.js';
