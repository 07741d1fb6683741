import { Command } from 'commander';
import { openSite, setAdminPassword } from '@cortado/server';
import { targetSite } from '../context.js';

/** `cortado set-admin-password <password>` (bench's set-admin-password). */
export function setAdminPasswordCommand(): Command {
  return new Command('set-admin-password')
    .description("set the Administrator's password")
    .argument('<password>', 'the new password')
    .action(async (password: string, _options: unknown, command: Command) => {
      const { sitesDir, site: name } = targetSite(command);
      const site = await openSite(sitesDir, name);
      try {
        await setAdminPassword(site, password);
      } finally {
        await site.db.close();
      }
      console.log(`Administrator password of ${name} updated`);
    });
}
