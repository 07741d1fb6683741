import type { Command } from 'commander';
import { defaultSite, sitesDir } from '@cortado/server';

/** Options every command sees (declared on the root program). */
export interface GlobalOptions {
  readonly site?: string;
  readonly verbose?: boolean;
}

/** The sites folder and the site a command works on (`--site`, else the default site). */
export function targetSite(command: Command): { sitesDir: string; site: string } {
  const dir = sitesDir();
  const { site } = command.optsWithGlobals<GlobalOptions>();
  return { sitesDir: dir, site: site ?? defaultSite(dir) };
}
