import type { Controller } from '../../../engine/runtime/app-definition.js';
import { assertCron } from './cron-slots.js';

/** Scheduled Job Type: a `Cron` frequency needs a cron expression that parses. */
export const scheduledJobTypeController: Controller = {
  validate: (doc) => {
    if (doc.frequency === 'Cron') assertCron(String(doc.cron_format ?? ''));
  },
};
