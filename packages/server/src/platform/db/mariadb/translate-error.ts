import {
  DuplicateEntryError,
  MandatoryError,
  QueryDeadlockError,
  QueryTimeoutError,
  UniqueValidationError,
} from '../../../core/errors/index.js';

interface MysqlDriverError {
  readonly errno: number;
  readonly sqlMessage?: string;
  readonly message: string;
}

function isMysqlError(error: unknown): error is MysqlDriverError {
  return (
    error instanceof Error &&
    typeof (error as { errno?: unknown }).errno === 'number' &&
    typeof (error as { sqlState?: unknown }).sqlState === 'string'
  );
}

/** `Duplicate entry 'x' for key 'tabNote_title'` → `tabNote_title`. */
function duplicateKey(message: string): string {
  return /for key '(.+)'$/.exec(message)?.[1] ?? '';
}

/** `Column 'title' cannot be null` / `Field 'title' doesn't have a default value` → `title`. */
function quotedName(message: string): string {
  return /'(.+?)'/.exec(message)?.[1] ?? 'a mandatory column';
}

/**
 * mysql2 error (MariaDB `errno`) → Cortado error. MariaDB names the unique
 * index, not the column; sync-table names indexes `<table>_<index>`.
 *
 * @internal
 */
export function translateMariadbError(error: unknown): unknown {
  if (!isMysqlError(error)) return error;
  const message = error.sqlMessage ?? error.message;
  const cause = { cause: error };
  switch (error.errno) {
    case 1062: {
      const key = duplicateKey(message);
      return key === 'PRIMARY'
        ? new DuplicateEntryError('Duplicate entry for primary key (name)', cause)
        : new UniqueValidationError(`Duplicate value for ${key || 'a unique column'}`, cause);
    }
    case 1048:
    case 1364:
      return new MandatoryError(`Value missing for ${quotedName(message)}`, cause);
    case 1213:
      return new QueryDeadlockError('Deadlock found; please try again', cause);
    case 1205:
    case 1969:
      return new QueryTimeoutError('Lock wait or statement timed out; please try again', cause);
  }
  return error;
}
