/**
 * A `cortado schedule` process for the slot test: `node --import tsx
 * scheduler-child.ts <sites-dir> <site>` prints `ready`, then one JSON line
 * per slot it claims.
 */
import { startSchedule } from '../../src/schedule.js';

const [sitesDir = '', site = ''] = process.argv.slice(2);
await startSchedule({
  sitesDir,
  sites: [site],
  onTick: (_site, claimed) => {
    for (const slot of claimed) process.stdout.write(`${JSON.stringify(slot)}\n`);
  },
});
process.stdout.write('ready\n');
