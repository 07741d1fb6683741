import pg from 'pg';
import type { SiteConfig } from '../../../core/config/site-config.js';
import { normalizeTemporalText } from '../temporal-text.js';

const { builtins } = pg.types;

/**
 * Result parsers for this pool only (pg's global parsers stay untouched):
 * bigint and numeric become numbers, dates and times stay Frappe-style text,
 * json stays the stored text as on the other dialects.
 */
const PARSERS: ReadonlyMap<number, (value: string) => unknown> = new Map<
  number,
  (value: string) => unknown
>([
  [builtins.INT8, Number],
  [builtins.NUMERIC, Number],
  [builtins.DATE, (value) => value],
  [builtins.TIMESTAMP, normalizeTemporalText],
  [builtins.TIMESTAMPTZ, (value) => value],
  [builtins.TIME, normalizeTemporalText],
  [builtins.JSON, (value) => value],
  [builtins.JSONB, (value) => value],
]);

const types = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    PARSERS.get(oid) ??
    pg.types.getTypeParser(oid, format ?? 'text')) as typeof pg.types.getTypeParser,
};

/** Connection options from site config; `database` defaults to `db_name`. @internal */
export function postgresConnectionOptions(
  config: SiteConfig,
  database = config.db_name,
): pg.PoolConfig {
  return {
    host: config.db_host,
    ...(config.db_port === null ? {} : { port: config.db_port }),
    database,
    ...(config.db_user === null ? {} : { user: config.db_user }),
    ...(config.db_password === null ? {} : { password: config.db_password }),
    connectionTimeoutMillis: 5_000,
    types,
  };
}
