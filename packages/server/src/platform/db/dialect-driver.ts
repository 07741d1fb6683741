import type { Dialect } from 'kysely';
import type { SiteConfig } from '../../core/config/site-config.js';
import type { DatabaseDialect } from './database.js';

/**
 * What `connect.ts` needs from one dialect folder: the dialect description,
 * a Kysely dialect bound to a live connection or pool, and the
 * create/drop-database commands behind `new-site`/`drop-site`.
 *
 * @internal
 */
export interface DialectDriver {
  readonly dialect: DatabaseDialect;
  /** Opens the connection or pool; throws the driver's error when the server is unreachable. */
  createKyselyDialect(config: SiteConfig, sitePath: string): Promise<Dialect>;
  /** One line naming where the database lives, for error messages. */
  describeLocation(config: SiteConfig, sitePath: string): string;
  createDatabaseIfMissing(config: SiteConfig, sitePath: string): Promise<void>;
  dropDatabase(config: SiteConfig, sitePath: string): Promise<void>;
}
