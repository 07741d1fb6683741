import {
  DataError,
  DuplicateEntryError,
  MandatoryError,
  QueryDeadlockError,
  QueryTimeoutError,
  UniqueValidationError,
} from '../../../core/errors/index.js';

interface PgDriverError {
  readonly code: string;
  readonly constraint?: string;
  readonly column?: string;
  readonly detail?: string;
  readonly message: string;
}

const SQLSTATE = /^[0-9A-Z]{5}$/;

function isPgError(error: unknown): error is PgDriverError {
  const code = (error as { code?: unknown } | null)?.code;
  return (
    error instanceof Error && typeof code === 'string' && SQLSTATE.test(code) && 'severity' in error
  );
}

/** `Key (email)=(a@b.c) already exists.` → `email`. */
function keyColumns(detail: string | undefined): string {
  return /^Key \((.+?)\)=/.exec(detail ?? '')?.[1] ?? 'a unique column';
}

/**
 * pg error (SQLSTATE in `code`) → Cortado error.
 *
 * @internal
 */
export function translatePostgresError(error: unknown): unknown {
  if (!isPgError(error)) return error;
  const cause = { cause: error };
  switch (error.code) {
    case '23505':
      return error.constraint?.endsWith('_pkey')
        ? new DuplicateEntryError(
            `Duplicate entry for primary key (${keyColumns(error.detail)})`,
            cause,
          )
        : new UniqueValidationError(`Duplicate value for ${keyColumns(error.detail)}`, cause);
    case '23502':
      return new MandatoryError(`Value missing for ${error.column ?? 'a mandatory column'}`, cause);
    case '40P01':
    case '40001':
      return new QueryDeadlockError('Deadlock or serialization failure; please try again', cause);
    case '55P03':
    case '57014':
      return new QueryTimeoutError('Lock wait or statement timed out; please try again', cause);
    // Input only PostgreSQL refuses: MariaDB and SQLite answer these queries.
    case '42803':
      return new DataError(
        'With group_by, every selected or sorted column must be grouped or aggregated',
        cause,
      );
    case '22003':
      return new DataError('A filter value is out of range for its column', cause);
    case '22P02':
      return new DataError('A filter value does not fit the type of its column', cause);
  }
  return error;
}
