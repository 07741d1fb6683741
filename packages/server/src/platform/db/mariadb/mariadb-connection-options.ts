import type { ConnectionOptions, TypeCast } from 'mysql2';
import type { SiteConfig } from '../../../core/config/site-config.js';
import { normalizeTemporalText } from '../temporal-text.js';

const TEMPORAL_TEXT = new Set(['DATETIME', 'TIMESTAMP', 'TIME']);

/** Datetimes and times as Frappe-style text, never JS Dates; everything else as mysql2 reads it. */
const typeCast: TypeCast = (field, next) => {
  if (!TEMPORAL_TEXT.has(field.type)) return next();
  const text = field.string();
  return text === null ? null : normalizeTemporalText(text);
};

/**
 * Connection options from site config. Decimals and bigints come back as
 * numbers, dates as `YYYY-MM-DD` text and JSON as the stored text, as on
 * the other dialects.
 *
 * @internal
 */
export function mariadbConnectionOptions(
  config: SiteConfig,
  withDatabase = true,
): ConnectionOptions {
  return {
    host: config.db_host,
    ...(config.db_port === null ? {} : { port: config.db_port }),
    ...(withDatabase ? { database: config.db_name } : {}),
    ...(config.db_user === null ? {} : { user: config.db_user }),
    ...(config.db_password === null ? {} : { password: config.db_password }),
    charset: 'utf8mb4_unicode_ci',
    connectTimeout: 5_000,
    dateStrings: true,
    decimalNumbers: true,
    supportBigNumbers: true,
    bigNumberStrings: false,
    jsonStrings: true,
    typeCast,
  };
}
