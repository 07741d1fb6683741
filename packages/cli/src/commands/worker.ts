import { Command } from 'commander';
import { parseQueueList, startWorker } from '@cortado/server';
import { targetSite } from '../context.js';

/**
 * `cortado worker`: background jobs and webhook deliveries without HTTP, for
 * running beside `cortado serve --no-worker` or on other machines (bench's
 * `worker`); `--queue short,default` limits the job queues it serves.
 */
export function workerCommand(): Command {
  return new Command('worker')
    .description('run background workers (jobs, webhook deliveries) for the site until stopped')
    .option('--queue <queues>', 'job queues to serve, comma-separated, in priority order', '')
    .action(async (options: { readonly queue: string }, command: Command) => {
      const { sitesDir, site } = targetSite(command);
      const queues = parseQueueList(options.queue);
      const worker = await startWorker({ sitesDir, sites: [site], queues });
      console.log(`Cortado worker running for ${site} (queues: ${queues.join(', ')})`);
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
