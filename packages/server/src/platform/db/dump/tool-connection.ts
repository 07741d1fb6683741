import type { SiteConfig } from '../../../core/config/site-config.js';

/** The command-line flags of a dump tool for the server's port and user (they differ by tool). */
export interface ToolFlags {
  readonly port: string;
  readonly user: string;
  /** The environment variable the tool reads the password from. */
  readonly passwordVariable: string;
}

/**
 * Host, port and user as a dump tool's arguments, and the password in its
 * environment, never on the command line. What the config leaves unset is left
 * to the tool's own default, as the driver's connection does.
 */
export function toolConnection(config: SiteConfig, flags: ToolFlags) {
  return {
    args: [
      '-h',
      config.db_host,
      ...(config.db_port === null ? [] : [flags.port, String(config.db_port)]),
      ...(config.db_user === null ? [] : [flags.user, config.db_user]),
    ],
    env: config.db_password ? { [flags.passwordVariable]: config.db_password } : {},
  };
}
