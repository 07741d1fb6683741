import { ConfigError, ValidationError } from '../../core/errors/index.js';

/** Table, column and index names: Frappe allows spaces and dashes (`tabSales Invoice Item`). */
const IDENTIFIER = /^[A-Za-z0-9_][A-Za-z0-9 _-]{0,63}$/;

/** Database names end up in DDL that cannot be parameterised, so they get a stricter pattern. */
const DATABASE_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,62}$/;

/**
 * Rejects a table, column or index name that could not be quoted safely.
 *
 * @internal
 */
export function assertIdentifier(name: string): string {
  if (!IDENTIFIER.test(name) || name.endsWith(' ')) {
    throw new ValidationError(`Invalid database identifier: ${JSON.stringify(name)}`);
  }
  return name;
}

/**
 * Rejects a database name unfit for `CREATE DATABASE`.
 *
 * @internal
 */
export function assertDatabaseName(name: string): string {
  if (!DATABASE_NAME.test(name)) {
    throw new ConfigError(
      `Invalid database name ${JSON.stringify(name)}: use letters, digits and _`,
    );
  }
  return name;
}
