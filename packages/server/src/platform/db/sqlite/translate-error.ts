import {
  DuplicateEntryError,
  MandatoryError,
  QueryTimeoutError,
  UniqueValidationError,
} from '../../../core/errors/index.js';

interface SqliteDriverError {
  readonly code: string;
  readonly message: string;
}

function isSqliteError(error: unknown): error is SqliteDriverError {
  const code: unknown = (error as { code?: unknown } | null)?.code;
  return error instanceof Error && typeof code === 'string' && code.startsWith('SQLITE_');
}

/** `UNIQUE constraint failed: tabNote.title, tabNote.x` → `title, x` (the table prefix is dropped). */
function failedColumns(message: string): string {
  const list = message.split(': ')[1] ?? '';
  return list
    .split(', ')
    .map((qualified) => qualified.slice(qualified.indexOf('.') + 1))
    .join(', ');
}

/**
 * better-sqlite3 error → Cortado error. Extended result codes tell the
 * constraint kind; the message names `table.column`.
 *
 * @internal
 */
export function translateSqliteError(error: unknown): unknown {
  if (!isSqliteError(error)) return error;
  const cause = { cause: error };
  switch (error.code) {
    case 'SQLITE_CONSTRAINT_PRIMARYKEY':
      return new DuplicateEntryError(
        `Duplicate entry for primary key (${failedColumns(error.message)})`,
        cause,
      );
    case 'SQLITE_CONSTRAINT_UNIQUE':
      return new UniqueValidationError(
        `Duplicate value for ${failedColumns(error.message)}`,
        cause,
      );
    case 'SQLITE_CONSTRAINT_NOTNULL':
      return new MandatoryError(`Value missing for ${failedColumns(error.message)}`, cause);
  }
  if (error.code.startsWith('SQLITE_BUSY') || error.code.startsWith('SQLITE_LOCKED')) {
    return new QueryTimeoutError('The database is busy; please try again', cause);
  }
  return error;
}
