import { writeFile } from 'node:fs/promises';
import { Command } from 'commander';
import { CortadoClient } from '@cortado/client';
import { fetchDocTypes, generateTypes } from '@cortado/client/codegen';
import type { DocTypeJson } from '@cortado/protocol';
import { openSite, type Site } from '@cortado/server';
import { targetSite } from '../context.js';
import { collect } from './new-site.js';

interface GenerateOptions {
  readonly out: string;
  readonly fromUrl?: string;
  readonly doctype: string[];
  readonly module: string[];
}

/** `cortado types generate`: a `.d.ts` with an interface per DocType, from a site or over the API. */
export function typesCommand(): Command {
  const generate = new Command('generate')
    .description('write TypeScript types for the DocTypes of a site (for @cortado/client)')
    .option('--out <file>', 'file to write; - for stdout', 'doctypes.d.ts')
    .option(
      '--from-url <url>',
      'read DocTypes from any Frappe or Cortado site over its API (token from CORTADO_API_KEY and CORTADO_API_SECRET)',
    )
    .option('--doctype <name>', 'only this DocType and its child tables (repeatable)', collect, [])
    .option('--module <name>', 'only DocTypes of this module (repeatable)', collect, [])
    .action(async (options: GenerateOptions, command: Command) => {
      const source = options.fromUrl ?? `site ${targetSite(command).site}`;
      const doctypes =
        options.fromUrl === undefined
          ? await fromSite(command, options)
          : await fromUrl(options.fromUrl, options);
      const text = generateTypes(doctypes, { header: `DocTypes of ${source}` });
      if (options.out === '-') process.stdout.write(text);
      else {
        await writeFile(options.out, text);
        console.log(`Wrote ${doctypes.length} DocTypes to ${options.out}`);
      }
    });
  return new Command('types').description('TypeScript types from DocTypes').addCommand(generate);
}

async function fromSite(command: Command, options: GenerateOptions): Promise<DocTypeJson[]> {
  const { sitesDir, site: name } = targetSite(command);
  const site = await openSite(sitesDir, name);
  try {
    return select(site, options).map((meta) => ({
      name: meta.name,
      module: meta.module,
      istable: meta.istable,
      issingle: meta.issingle,
      is_submittable: meta.is_submittable,
      fields: meta.fields.map((field) => ({
        fieldname: field.fieldname,
        fieldtype: field.fieldtype,
        label: field.label,
        options: field.options,
        reqd: field.reqd,
      })),
    }));
  } finally {
    await site.db.close();
  }
}

/** The chosen DocTypes plus every child table they use. */
function select(site: Site, options: GenerateOptions) {
  const all = site.meta.all();
  const chosen = all.filter(
    (meta) =>
      (options.doctype.length === 0 || options.doctype.includes(meta.name)) &&
      (options.module.length === 0 || options.module.includes(meta.module)),
  );
  for (const name of options.doctype) site.meta.getMeta(name); // unknown names fail here
  const names = new Set(chosen.map((meta) => meta.name));
  for (let i = 0; i < chosen.length; i++) {
    for (const table of chosen[i]?.tableFields ?? []) {
      if (!names.has(table.options) && site.meta.has(table.options)) {
        names.add(table.options);
        chosen.push(site.meta.getMeta(table.options));
      }
    }
  }
  return chosen;
}

async function fromUrl(url: string, options: GenerateOptions): Promise<DocTypeJson[]> {
  const apiKey = process.env['CORTADO_API_KEY'];
  const apiSecret = process.env['CORTADO_API_SECRET'];
  if (!apiKey || !apiSecret)
    throw new Error('--from-url needs CORTADO_API_KEY and CORTADO_API_SECRET in the environment');
  const client = new CortadoClient({ url, auth: { type: 'token', apiKey, apiSecret } });
  return fetchDocTypes(client, {
    ...(options.doctype.length > 0 ? { doctypes: options.doctype } : {}),
    ...(options.module.length > 0 ? { modules: options.module } : {}),
  });
}
