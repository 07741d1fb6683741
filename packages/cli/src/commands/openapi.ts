import { writeFile } from 'node:fs/promises';
import { Command } from 'commander';
import { openSite, siteOpenApiDocument } from '@cortado/server';
import { targetSite } from '../context.js';

interface OpenApiOptions {
  readonly user: string;
  readonly out: string;
}

/**
 * `cortado openapi`: writes the site's OpenAPI 3.1 document, as
 * `GET /api/openapi.json` answers it to `--user`, for CI and API gateways.
 */
export function openApiCommand(): Command {
  return new Command('openapi')
    .description("write the site's OpenAPI 3.1 document (what /api/openapi.json answers the user)")
    .option('--user <user>', 'describe the API as this user sees it', 'Administrator')
    .option('--out <file>', 'file to write; - for stdout', 'openapi.json')
    .action(async (options: OpenApiOptions, command: Command) => {
      const { sitesDir, site: name } = targetSite(command);
      const site = await openSite(sitesDir, name);
      try {
        const document = await siteOpenApiDocument(site, options.user);
        const text = `${JSON.stringify(document, null, 2)}\n`;
        if (options.out === '-') process.stdout.write(text);
        else {
          await writeFile(options.out, text);
          const paths = Object.keys(document['paths'] as object).length;
          console.log(`Wrote ${paths} paths for ${options.user} on ${name} to ${options.out}`);
        }
      } finally {
        await site.db.close();
      }
    });
}
