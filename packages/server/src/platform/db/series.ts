import { sql } from './kysely.js';
import { ValidationError } from '../../core/errors/index.js';
import type { UnitOfWork } from './database.js';

const SERIES_TABLE = 'tabSeries';
const MAX_KEY_LENGTH = 100;

/**
 * The next value of naming-series counter `key` (Frappe's `getseries`,
 * docs/spec/document-model.md §6.4). One upsert inside the caller's transaction: the row
 * stays locked until commit, so concurrent processes get distinct values, and
 * a rollback gives the number back (no gaps).
 *
 * @example
 * const n = await nextSeriesValue(uow, 'SINV-25-'); // 1, 2, 3…
 */
export async function nextSeriesValue(uow: UnitOfWork, key: string): Promise<number> {
  return upsertCounter(uow, key, 1, sql`${sql.ref(`${SERIES_TABLE}.current`)} + 1`);
}

/** The last value handed out for `key`; 0 when the counter does not exist yet. */
export async function getSeriesCurrent(uow: UnitOfWork, key: string): Promise<number> {
  const row = await uow.db
    .selectFrom(SERIES_TABLE)
    .select('current')
    .where('name', '=', assertKey(key))
    .executeTakeFirst();
  return row === undefined ? 0 : Number(row.current);
}

/** Sets counter `key` so the next value is `value + 1` (series reset, §6.9 give-back). */
export async function setSeriesCurrent(uow: UnitOfWork, key: string, value: number): Promise<void> {
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new ValidationError(`Series counter must be a whole number ≥ 0, got ${value}`);
  }
  await upsertCounter(uow, key, value, sql`${value}`);
}

async function upsertCounter(
  uow: UnitOfWork,
  key: string,
  initial: number,
  next: ReturnType<typeof sql>,
) {
  const insert = uow.db.insertInto(SERIES_TABLE).values({ name: assertKey(key), current: initial });
  if (uow.dialect.capabilities.upsert === 'onDuplicateKeyUpdate') {
    await insert.onDuplicateKeyUpdate({ current: next }).execute();
    // The upsert holds the row lock, and a transaction always reads its own writes.
    return getSeriesCurrent(uow, key);
  }
  const row = await insert
    .onConflict((conflict) => conflict.column('name').doUpdateSet({ current: next }))
    .returning('current')
    .executeTakeFirstOrThrow();
  return Number(row.current);
}

/** The empty key is legal: every `format:` DocType shares it, as in Frappe (docs/spec/document-model.md §6.2). */
function assertKey(key: string): string {
  if (key.length > MAX_KEY_LENGTH) {
    throw new ValidationError(
      `Naming series prefix must be at most ${MAX_KEY_LENGTH} characters: ${JSON.stringify(key)}`,
    );
  }
  return key;
}
