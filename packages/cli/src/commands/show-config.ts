import { Command } from 'commander';
import { loadConfig, maskSecrets } from '@cortado/server';
import { targetSite } from '../context.js';

/** `cortado show-config`: the effective config (defaults, files, environment), secrets masked. */
export function showConfigCommand(): Command {
  return new Command('show-config')
    .description('print the effective site config with secrets masked')
    .action((_options: unknown, command: Command) => {
      const { sitesDir, site } = targetSite(command);
      console.log(JSON.stringify(maskSecrets(loadConfig(sitesDir, site)), null, 2));
    });
}
