/** Characters OpenAPI allows in a component key. */
const UNSAFE = /[^A-Za-z0-9._-]/g;

/**
 * Gives every DocType a component key OpenAPI accepts (`Sales Invoice` →
 * `Sales_Invoice`). DocType names may hold spaces, leading digits or any
 * letter, so two names can map to one key; the later one gets a numbered
 * key. Built per document, in DocType order, so keys are stable.
 */
export class ComponentNames {
  readonly #byName = new Map<string, string>();
  readonly #taken = new Set<string>();

  /** The key for `name`, assigned on first use. */
  keyOf(name: string): string {
    const known = this.#byName.get(name);
    if (known !== undefined) return known;
    const base = name.replace(UNSAFE, '_') || '_';
    let key = base;
    for (let n = 2; this.#taken.has(key); n++) key = `${base}_${n}`;
    this.#taken.add(key);
    this.#byName.set(name, key);
    return key;
  }
}
