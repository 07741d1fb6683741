import type { CronExpressionParser } from 'cron-parser';
import { ValidationError } from '../../../core/errors/index.js';
import { lazyRequire } from '../../../core/lazy-require.js';

/** cron-parser (with luxon) when a cron expression is first read. */
const cronParser = lazyRequire<{ CronExpressionParser: typeof CronExpressionParser }>(
  'cron-parser',
);

/**
 * The most recent time at or before `now` that `expression` names, in `tz`,
 * as Unix ms. A cron string that does not parse is a ValidationError.
 */
export function latestCronSlot(expression: string, now: number, tz: string): number {
  try {
    // prev() answers the latest time strictly before its date: one millisecond
    // later makes a slot at exactly `now` count, and never one still ahead.
    const cron = cronParser().CronExpressionParser.parse(expression, {
      currentDate: new Date(now + 1),
      tz,
    });
    return cron.prev().getTime();
  } catch (error) {
    throw new ValidationError(`Invalid cron expression ${JSON.stringify(expression)}`, {
      cause: error,
    });
  }
}

/** Checks a cron expression (used when a Scheduled Job Type is saved). */
export function assertCron(expression: string): void {
  latestCronSlot(expression, Date.now(), 'UTC');
}
