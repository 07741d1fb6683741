import { Command } from 'commander';
import { startSchedule } from '@cortado/server';
import { targetSite } from '../context.js';

/**
 * `cortado schedule`: the scheduler without HTTP or workers (bench's
 * `schedule`), for running beside `cortado serve --no-scheduler`. Several may
 * run at once: each slot of a Scheduled Job Type is enqueued once.
 */
export function scheduleCommand(): Command {
  return new Command('schedule')
    .description('run the scheduler for the site until stopped (enqueues due Scheduled Job Types)')
    .action(async (_options: unknown, command: Command) => {
      const { sitesDir, site } = targetSite(command);
      const schedule = await startSchedule({ sitesDir, sites: [site] });
      console.log(`Cortado scheduler running for ${site}`);
      for (const signal of ['SIGTERM', 'SIGINT'] as const) {
        process.once(signal, () => {
          schedule.stop().then(
            () => process.exit(0),
            () => process.exit(1),
          );
        });
      }
    });
}
