import { Command } from 'commander';
import { setConfigValue, sitesDir } from '@cortado/server';
import { targetSite } from '../context.js';

/** `cortado set-config KEY VALUE` (bench's set-config; VALUE is JSON when it parses). */
export function setConfigCommand(): Command {
  return new Command('set-config')
    .description('set a key in site_config.json (or common_site_config.json with --global)')
    .argument('<key>')
    .argument('<value>', 'JSON when it parses (60, true, ["a"]), otherwise a string')
    .option('-g, --global', 'write common_site_config.json, shared by all sites')
    .action((key: string, raw: string, options: { global?: boolean }, command: Command) => {
      const value = parseValue(raw);
      if (options.global === true) {
        setConfigValue(sitesDir(), null, key, value);
        console.log(`${key} set in common_site_config.json`);
        return;
      }
      const target = targetSite(command);
      setConfigValue(target.sitesDir, target.site, key, value);
      console.log(`${key} set for ${target.site}`);
    });
}

function parseValue(raw: string): unknown {
  try {
    return JSON.parse(raw);
  } catch {
    return raw;
  }
}
