import { Command } from 'commander';
import { migrateSite, openSite } from '@cortado/server';
import { targetSite } from '../context.js';
import { migrateProgress } from '../progress.js';

/** `cortado migrate`: sync tables with the apps' DocTypes, run new apps' install steps. */
export function migrateCommand(): Command {
  return new Command('migrate')
    .description("bring the site's database up to its apps' DocTypes")
    .action(async (_options: unknown, command: Command) => {
      const { sitesDir, site: name } = targetSite(command);
      const site = await openSite(sitesDir, name);
      const progress = migrateProgress();
      try {
        await migrateSite(site, progress.report);
      } finally {
        progress.stop();
        await site.db.close();
      }
      console.log(`Migrated ${name}`);
    });
}
