import { Command } from 'commander';
import { dropSite, sitesDir } from '@cortado/server';

/** `cortado drop-site <name>` (bench's drop-site: the folder is archived, not deleted). */
export function dropSiteCommand(): Command {
  return new Command('drop-site')
    .description('drop the database and move the site folder to archived_sites/')
    .argument('<name>')
    .option('--force', 'archive the folder even when the database cannot be dropped')
    .action(async (name: string, options: { force?: boolean }) => {
      const archived = await dropSite(sitesDir(), name, { force: options.force === true });
      console.log(`Site ${name} dropped; files kept in ${archived}`);
    });
}
