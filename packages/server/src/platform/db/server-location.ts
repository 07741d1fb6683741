import type { SiteConfig } from '../../core/config/site-config.js';

/** `host:port` of a database server for messages; without a configured port the driver's default applies. */
export function serverLocation(config: SiteConfig): string {
  return config.db_port === null ? config.db_host : `${config.db_host}:${config.db_port}`;
}
