import { Command } from 'commander';
import { startWorker } from '@cortado/server';
import { targetSite } from '../context.js';

/**
 * `cortado worker`: background delivery (webhooks) without HTTP, for running
 * beside `cortado serve --no-worker` or on other machines (bench's `worker`).
 */
export function workerCommand(): Command {
  return new Command('worker')
    .description('run background workers (webhook deliveries) for the site until stopped')
    .action(async (_options: unknown, command: Command) => {
      const { sitesDir, site } = targetSite(command);
      const worker = await startWorker({ sitesDir, sites: [site] });
      console.log(`Cortado worker running for ${site}`);
      for (const signal of ['SIGTERM', 'SIGINT'] as const) {
        process.once(signal, () => {
          worker.stop().then(
            () => process.exit(0),
            () => process.exit(1),
          );
        });
      }
    });
}
