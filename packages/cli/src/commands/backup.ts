import { Command } from 'commander';
import { backupSite, openSite } from '@cortado/server';
import { targetSite } from '../context.js';

/** `cortado backup`: Frappe's `bench backup`, taken while the site keeps serving. */
export function backupCommand(): Command {
  return new Command('backup')
    .description("back up the site's database (and with --with-files its files)")
    .option('--with-files', 'also archive public and private files')
    .option(
      '--encrypt',
      "encrypt the backup with the site's encryption_key (default: backup_encrypt)",
    )
    .option('--backup-path <dir>', 'where to write the set (default: <site>/private/backups)')
    .action(
      async (
        options: { withFiles?: boolean; encrypt?: boolean; backupPath?: string },
        command: Command,
      ) => {
        const { sitesDir, site: name } = targetSite(command);
        const site = await openSite(sitesDir, name);
        try {
          const { manifestPath, manifest } = await backupSite(site, {
            withFiles: options.withFiles === true,
            ...(options.encrypt === undefined ? {} : { encrypt: true }),
            ...(options.backupPath === undefined ? {} : { dir: options.backupPath }),
          });
          const parts = [manifest.database, manifest.public_files, manifest.private_files];
          for (const part of parts)
            if (part !== undefined) console.log(`${part.file}  ${part.bytes} bytes`);
          console.log(
            `Backup of ${name} written${manifest.encrypted ? ' (encrypted)' : ''}: ${manifestPath}`,
          );
        } finally {
          await site.db.close();
        }
      },
    );
}
