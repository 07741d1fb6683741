import { join } from 'node:path';
import { Command } from 'commander';
import {
  checkSiteConsistency,
  loadConfig,
  migrateSite,
  openSite,
  restoreSite,
} from '@cortado/server';
import { targetSite } from '../context.js';
import { migrateProgress } from '../progress.js';

/**
 * `cortado restore <backup>`: Frappe's `bench restore`. Stop the site's
 * servers and workers first. The set is checked before the site is touched;
 * after the swap the site is migrated (a backup from an older Cortado) and
 * checked for consistency.
 */
export function restoreCommand(): Command {
  return new Command('restore')
    .description('replace the site with a backup set (its manifest or database file)')
    .argument('<backup>', 'the manifest or any file of the backup set')
    .option('--with-files', "also put back the set's public and private files")
    .action(async (backup: string, options: { withFiles?: boolean }, command: Command) => {
      const { sitesDir, site: name } = targetSite(command);
      const config = loadConfig(sitesDir, name);
      const manifest = await restoreSite({ name, path: join(sitesDir, name), config }, backup, {
        withFiles: options.withFiles === true,
      });
      console.log(`Restored ${name} from the backup of ${manifest.created_at}`);
      const site = await openSite(sitesDir, name);
      const progress = migrateProgress();
      try {
        await migrateSite(site, progress.report);
        progress.stop();
        const report = await checkSiteConsistency(site);
        console.log(`Checked ${report.documents} documents`);
        if (report.problems.length > 0) {
          for (const problem of report.problems) console.error(problem);
          process.exitCode = 1;
        }
      } finally {
        progress.stop();
        await site.db.close();
      }
    });
}
