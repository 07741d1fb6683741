import { sql, type ControlledTransaction, type Kysely } from './kysely.js';
import type { DatabaseDialect, Savepoint, TransactionOptions, UnitOfWork } from './database.js';

type Callback = () => void | Promise<void>;

/**
 * Runs `fn` in one transaction on `kysely`: commit when it resolves, roll
 * back everything when it throws. Errors leave translated.
 *
 * A read-only unit of work is Frappe's GET: writes made during it are
 * discarded by a rollback at the end instead of failing the request. It runs
 * at REPEATABLE READ so every statement sees the same snapshot (MariaDB's
 * default already does; SQLite's deferred transaction snapshots at the first
 * read).
 *
 * @internal
 */
export async function runUnitOfWork<T>(
  kysely: Kysely<any>,
  dialect: DatabaseDialect,
  fn: (uow: UnitOfWork) => Promise<T>,
  options: TransactionOptions = {},
): Promise<T> {
  let trx: ControlledTransaction<any>;
  try {
    const builder = kysely.startTransaction();
    trx = await (
      options.readOnly
        ? builder.setIsolationLevel('repeatable read')
        : builder.setAccessMode('read write')
    ).execute();
  } catch (error) {
    throw dialect.translateError(error);
  }
  const uow = new TransactionUnitOfWork(trx, dialect);
  let result: T;
  try {
    result = await fn(uow);
  } catch (error) {
    await trx
      .rollback()
      .execute()
      .catch(() => undefined);
    await runCallbacks(uow.rollbackCallbacks);
    throw dialect.translateError(error);
  }
  if (options.readOnly) {
    await trx.rollback().execute();
    await runCallbacks(uow.rollbackCallbacks);
    return result;
  }
  try {
    await trx.commit().execute();
  } catch (error) {
    await trx
      .rollback()
      .execute()
      .catch(() => undefined);
    await runCallbacks(uow.rollbackCallbacks);
    throw dialect.translateError(error);
  }
  await runCallbacks(uow.commitCallbacks);
  return result;
}

/** Callbacks run after the transaction is over; their failures must not undo or mask its outcome. */
async function runCallbacks(callbacks: readonly Callback[]): Promise<void> {
  for (const callback of callbacks) {
    try {
      await callback();
    } catch (error) {
      console.error('after-transaction callback failed', error);
    }
  }
}

class TransactionUnitOfWork implements UnitOfWork {
  readonly db: Kysely<any>;
  readonly dialect: DatabaseDialect;
  readonly commitCallbacks: Callback[] = [];
  readonly rollbackCallbacks: Callback[] = [];
  #savepoints = 0;

  constructor(trx: ControlledTransaction<any>, dialect: DatabaseDialect) {
    this.db = trx;
    this.dialect = dialect;
  }

  async nested<T>(fn: () => Promise<T>): Promise<T> {
    const name = sql.id(`cortado_sp_${++this.#savepoints}`);
    await sql`savepoint ${name}`.execute(this.db);
    try {
      const result = await fn();
      await sql`release savepoint ${name}`.execute(this.db);
      return result;
    } catch (error) {
      await sql`rollback to savepoint ${name}`.execute(this.db);
      throw this.dialect.translateError(error);
    }
  }

  async savepoint(): Promise<Savepoint> {
    const name = sql.id(`cortado_sp_${++this.#savepoints}`);
    await sql`savepoint ${name}`.execute(this.db);
    return {
      rollback: async () => {
        await sql`rollback to savepoint ${name}`.execute(this.db);
      },
    };
  }

  afterCommit(fn: Callback): void {
    this.commitCallbacks.push(fn);
  }

  afterRollback(fn: Callback): void {
    this.rollbackCallbacks.push(fn);
  }
}
