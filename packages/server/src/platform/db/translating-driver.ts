import type {
  CompiledQuery,
  DatabaseConnection,
  Dialect,
  Driver,
  QueryResult,
  TransactionSettings,
} from 'kysely';

type Translate = (error: unknown) => unknown;

/**
 * Wraps a Kysely dialect so every query error is passed through the
 * dialect's `translateError`. Translating at the connection, not at the end
 * of a transaction, lets engine code inside a transaction catch
 * `DuplicateEntryError` (e.g. to retry a hash name in a savepoint).
 *
 * @internal
 */
export function withErrorTranslation(dialect: Dialect, translate: Translate): Dialect {
  return {
    createAdapter: () => dialect.createAdapter(),
    createQueryCompiler: () => dialect.createQueryCompiler(),
    createIntrospector: (db) => dialect.createIntrospector(db),
    createDriver: () => new TranslatingDriver(dialect.createDriver(), translate),
  };
}

class TranslatingDriver implements Driver {
  readonly #inner: Driver;
  readonly #translate: Translate;
  // The inner driver releases connections through private symbols, so it must get its own objects back.
  readonly #unwrap = new WeakMap<DatabaseConnection, DatabaseConnection>();

  constructor(inner: Driver, translate: Translate) {
    this.#inner = inner;
    this.#translate = translate;
  }

  init(): Promise<void> {
    return this.#inner.init();
  }

  async acquireConnection(): Promise<DatabaseConnection> {
    const inner = await this.#inner.acquireConnection();
    const translate = this.#translate;
    const wrapped: DatabaseConnection = {
      async executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
        try {
          return await inner.executeQuery<R>(query);
        } catch (error) {
          throw translate(error);
        }
      },
      streamQuery: <R>(query: CompiledQuery, chunkSize?: number) =>
        inner.streamQuery<R>(query, chunkSize),
    };
    this.#unwrap.set(wrapped, inner);
    return wrapped;
  }

  #original(connection: DatabaseConnection): DatabaseConnection {
    return this.#unwrap.get(connection) ?? connection;
  }

  async #run(fn: () => Promise<void>): Promise<void> {
    try {
      await fn();
    } catch (error) {
      throw this.#translate(error);
    }
  }

  beginTransaction(connection: DatabaseConnection, settings: TransactionSettings): Promise<void> {
    return this.#run(() => this.#inner.beginTransaction(this.#original(connection), settings));
  }

  commitTransaction(connection: DatabaseConnection): Promise<void> {
    return this.#run(() => this.#inner.commitTransaction(this.#original(connection)));
  }

  rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    return this.#inner.rollbackTransaction(this.#original(connection));
  }

  releaseConnection(connection: DatabaseConnection): Promise<void> {
    const inner = this.#original(connection);
    this.#unwrap.delete(connection);
    return this.#inner.releaseConnection(inner);
  }

  destroy(): Promise<void> {
    return this.#inner.destroy();
  }
}
