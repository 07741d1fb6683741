import { createHash } from 'node:crypto';

/** PostgreSQL keeps 63 bytes of a name, MariaDB 64; stay below both. */
const MAX_LENGTH = 60;

/**
 * The stored name of a table's index. PostgreSQL and SQLite index names are
 * unique per schema, not per table, so Frappe's bare `modified` would clash
 * between tables: the table name is prefixed, and long names end in a hash
 * so two long names cannot truncate to the same text.
 *
 * @internal
 */
export function physicalIndexName(table: string, index: string): string {
  const full = `${table}_${index}`;
  if (full.length <= MAX_LENGTH) return full;
  const hash = createHash('sha1').update(full).digest('hex').slice(0, 8);
  return `${full.slice(0, MAX_LENGTH - 9)}_${hash}`;
}
