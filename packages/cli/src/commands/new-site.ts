import { randomBytes } from 'node:crypto';
import { Command, Option } from 'commander';
import { createSite, sitesDir } from '@cortado/server';
import { migrateProgress } from '../progress.js';

interface NewSiteOptions {
  readonly dbType: string;
  readonly dbHost?: string;
  readonly dbPort?: string;
  readonly dbName?: string;
  readonly dbUser?: string;
  readonly dbPassword?: string;
  readonly adminPassword?: string;
  readonly installApp: string[];
}

/** `cortado new-site <name>`: bench's new-site. */
export function newSiteCommand(): Command {
  return new Command('new-site')
    .description('create a site: folders, site_config.json, database, tables, Administrator')
    .argument('<name>', 'site name, e.g. erp.localhost')
    .addOption(
      new Option('--db-type <type>', 'database engine')
        .choices(['sqlite', 'postgres', 'mariadb'])
        .default('sqlite'),
    )
    .option('--db-host <host>', 'database server host')
    .option('--db-port <port>', 'database server port')
    .option('--db-name <name>', 'database name (default: derived from the site name)')
    .option('--db-user <user>', 'database user')
    .option('--db-password <password>', 'database password')
    .option(
      '--admin-password <password>',
      'Administrator password (default: generated and printed)',
    )
    .option('--install-app <package>', 'npm package of an app to install (repeatable)', collect, [])
    .action(async (name: string, options: NewSiteOptions) => {
      const adminPassword = options.adminPassword ?? randomBytes(9).toString('base64url');
      const progress = migrateProgress();
      const { site } = await createSite(sitesDir(), name, {
        config: siteConfigFrom(options),
        adminPassword,
        onProgress: progress.report,
      }).finally(progress.stop);
      await site.db.close();
      console.log(`Site ${name} created in ${site.path} (${site.config.db_type})`);
      if (options.adminPassword === undefined)
        console.log(`Administrator password: ${adminPassword}`);
    });
}

/** Commander's accumulator for a repeatable option. */
export function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

function siteConfigFrom(options: NewSiteOptions): Record<string, unknown> {
  const config: Record<string, unknown> = { db_type: options.dbType };
  if (options.dbHost !== undefined) config.db_host = options.dbHost;
  if (options.dbPort !== undefined) config.db_port = Number(options.dbPort);
  if (options.dbName !== undefined) config.db_name = options.dbName;
  if (options.dbUser !== undefined) config.db_user = options.dbUser;
  if (options.dbPassword !== undefined) config.db_password = options.dbPassword;
  if (options.installApp.length > 0) config.installed_apps = options.installApp;
  return config;
}
