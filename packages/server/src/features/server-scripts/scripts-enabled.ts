import { dirname } from 'node:path';
import { FrappeError } from '../../core/errors/index.js';
import { loadCommonConfig } from '../../core/config/load-config.js';
import { SharedCache } from '../../core/cache/shared-cache.js';
import type { Site } from '../../engine/site.js';

/** The switch's name, in `common_site_config.json` as in Frappe. */
export const SCRIPTS_SWITCH = 'server_script_enabled';

/** The environment variable that sets the switch for every site of the process. */
const SCRIPTS_SWITCH_ENV = 'CORTADO_SERVER_SCRIPT_ENABLED';

// The common config is read again at most once a second: switching scripts
// on or off takes effect without a restart, as in Frappe.
const switches = new SharedCache<boolean>({ ttlMs: 1000, maxEntries: 100 });

/**
 * True when Server Scripts may run on `site`: the bench-wide switch is on.
 * As in Frappe, a site's own `site_config.json` cannot turn it on (§B2).
 */
export function serverScriptsEnabled(site: Site): Promise<boolean> {
  const sitesDir = dirname(site.path);
  return switches.get(sitesDir, () => Promise.resolve(readSwitch(sitesDir)));
}

function readSwitch(sitesDir: string): boolean {
  const fromEnv = process.env[SCRIPTS_SWITCH_ENV];
  if (fromEnv !== undefined) return ['1', 'true', 'yes'].includes(fromEnv.toLowerCase());
  try {
    return Boolean(loadCommonConfig(sitesDir)[SCRIPTS_SWITCH]);
  } catch {
    // A broken common config is reported by the config loader; scripts stay off.
    return false;
  }
}

/** Frappe's ServerScriptNotEnabled (403), raised for every script type while the switch is off. */
export class ServerScriptNotEnabled extends FrappeError {
  constructor() {
    super(
      'ServerScriptNotEnabled',
      'Server Scripts are disabled. Please enable server scripts from bench configuration.' +
        '<br><a href="https://docs.frappe.io/framework/user/en/desk/scripting/server-script">Read the documentation to know more</a>',
      { title: 'Server Scripts Disabled' },
    );
  }
}

/** Throws ServerScriptNotEnabled unless scripts may run on `site`. */
export async function assertServerScriptsEnabled(site: Site): Promise<void> {
  if (!(await serverScriptsEnabled(site))) throw new ServerScriptNotEnabled();
}

/** Forgets the cached switch (tests that flip it). */
export function forgetScriptsSwitch(): void {
  switches.invalidate();
}
