/**
 * A `cortado worker` process for the kill -9 test: `node --import tsx
 * worker-child.ts <sites-dir> <site>` serves every queue of the site and
 * prints `ready` once started.
 */
import { startWorker } from '../../src/worker.js';

const [sitesDir = '', site = ''] = process.argv.slice(2);
await startWorker({ sitesDir, sites: [site] });
process.stdout.write('ready\n');
