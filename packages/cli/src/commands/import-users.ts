import { readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { Command } from 'commander';
import { importUsers, openSite } from '@cortado/server';
import { targetSite } from '../context.js';

/**
 * `cortado import-users <frappe-site-config.json>`: copies the users of a
 * Frappe site (roles, password hashes, API keys) into the current site.
 * The Frappe site's `site_config.json` names its database and holds the
 * `encryption_key` its API secrets were encrypted with.
 */
export function importUsersCommand(): Command {
  return new Command('import-users')
    .description("import users, password hashes and API keys from a Frappe site's database")
    .argument('<site-config>', "the Frappe site's site_config.json")
    .option('--db-host <host>', 'database host (Frappe keeps it in common_site_config.json)')
    .option('--db-port <port>', 'database port')
    .action(
      async (path: string, options: { dbHost?: string; dbPort?: string }, command: Command) => {
        const { sitesDir, site: name } = targetSite(command);
        const frappe = JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
        const source = {
          ...frappe,
          ...(options.dbHost === undefined ? {} : { db_host: options.dbHost }),
          ...(options.dbPort === undefined ? {} : { db_port: Number(options.dbPort) }),
        };
        const key = typeof frappe.encryption_key === 'string' ? frappe.encryption_key : null;
        const site = await openSite(sitesDir, name);
        try {
          const result = await importUsers(site, source, key, dirname(path));
          console.log(
            `${result.imported.length} users imported into ${name}, ${result.skipped.length} already there`,
          );
          if (result.secretsLeftEncrypted.length > 0)
            console.log(
              `API secrets still encrypted (need Frappe's encryption_key in site_config.json): ${result.secretsLeftEncrypted.join(', ')}`,
            );
        } finally {
          await site.db.close();
        }
      },
    );
}
