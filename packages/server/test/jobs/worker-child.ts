/**
 * A `cortado worker` process for the job tests: `node --import tsx
 * worker-child.ts <sites-dir> <site> [queues]` serves the site's queues
 * (`queues` as `cortado worker --queue` takes them; default every queue) and
 * prints `ready` once started.
 */
import { parseQueueList } from '../../src/features/jobs/index.js';
import { startWorker } from '../../src/worker.js';

const [sitesDir = '', site = '', queues = ''] = process.argv.slice(2);
await startWorker({ sitesDir, sites: [site], queues: parseQueueList(queues) });
process.stdout.write('ready\n');
