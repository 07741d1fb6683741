import { Command } from 'commander';
import { dropSiteCommand } from './commands/drop-site.js';
import { migrateCommand } from './commands/migrate.js';
import { newSiteCommand } from './commands/new-site.js';
import { serveCommand } from './commands/serve.js';
import { setAdminPasswordCommand } from './commands/set-admin-password.js';
import { setConfigCommand } from './commands/set-config.js';
import { showConfigCommand } from './commands/show-config.js';
import { startCommand } from './commands/start.js';
import { typesCommand } from './commands/types.js';
import { workerCommand } from './commands/worker.js';
import { importUsersCommand } from './commands/import-users.js';
import { scheduleCommand } from './commands/schedule.js';
import { openApiCommand } from './commands/openapi.js';
import { backupCommand } from './commands/backup.js';
import { restoreCommand } from './commands/restore.js';

/**
 * The `cortado` command tree, with bench's verbs. `--site` and `--verbose`
 * apply to every command; the sites folder is `$CORTADO_SITES_DIR` or `./sites`.
 */
export function createProgram(): Command {
  const program = new Command('cortado')
    .description('Cortado: a Frappe-compatible application server')
    .option('--site <name>', 'site to work on (default: default_site, or the only site)')
    .option('--verbose', 'print stack traces on errors');
  for (const command of [
    newSiteCommand(),
    serveCommand(),
    startCommand(),
    migrateCommand(),
    setAdminPasswordCommand(),
    importUsersCommand(),
    setConfigCommand(),
    showConfigCommand(),
    dropSiteCommand(),
    workerCommand(),
    scheduleCommand(),
    typesCommand(),
    openApiCommand(),
    backupCommand(),
    restoreCommand(),
  ]) {
    program.addCommand(command);
  }
  return program;
}
