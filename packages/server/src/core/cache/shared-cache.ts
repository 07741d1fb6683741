interface Entry<V> {
  readonly value: V;
  readonly storedAt: number;
}

export interface SharedCacheOptions {
  /** How long an entry is trusted; bounds staleness from writers this process does not hear about. */
  readonly ttlMs: number;
  /** Oldest entries are dropped past this size. */
  readonly maxEntries: number;
  readonly now?: () => number;
}

/**
 * A process-wide cache of data read on every request, shared across
 * requests. Invalidation bumps an epoch: a load that began under an older
 * epoch (so may have read the data before the change committed) is returned
 * to its caller but never stored.
 *
 * @example
 * const cache = new SharedCache<Set<string>>({ ttlMs: 2000, maxEntries: 1000 });
 * const roles = await cache.get(`roles:${user}`, () => loadRoles(user));
 */
export class SharedCache<V> {
  readonly #entries = new Map<string, Entry<V>>();
  readonly #ttlMs: number;
  readonly #maxEntries: number;
  readonly #now: () => number;
  #epoch = 0;

  constructor(options: SharedCacheOptions) {
    this.#ttlMs = options.ttlMs;
    this.#maxEntries = options.maxEntries;
    this.#now = options.now ?? Date.now;
  }

  /** The current epoch; pass it to `get` when the caller's snapshot of the data is older than the call. */
  get epoch(): number {
    return this.#epoch;
  }

  /** The fresh entry for `key`, or what `load` returns (stored unless invalidated meanwhile). */
  async get(key: string, load: () => Promise<V>, since: number = this.#epoch): Promise<V> {
    const entry = this.#entries.get(key);
    if (entry !== undefined && this.#now() - entry.storedAt < this.#ttlMs && since === this.#epoch)
      return entry.value;
    const value = await load();
    if (since === this.#epoch) this.#store(key, value);
    return value;
  }

  /** Forgets one entry (loads already running may still store theirs). */
  forget(key: string): void {
    this.#entries.delete(key);
  }

  /** Forgets every entry and discards loads still running. */
  invalidate(): void {
    this.#epoch++;
    this.#entries.clear();
  }

  #store(key: string, value: V): void {
    this.#entries.delete(key);
    if (this.#entries.size >= this.#maxEntries)
      this.#entries.delete(this.#entries.keys().next().value as string);
    this.#entries.set(key, { value, storedAt: this.#now() });
  }
}
