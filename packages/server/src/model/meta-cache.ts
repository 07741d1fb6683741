import { DoesNotExistError } from '../core/errors/index.js';
import type { Meta } from './meta.js';
import type { MetaRegistry } from './meta-registry.js';

/**
 * The per-site DocType cache. Metas are immutable and shared, never copied
 * per request (copying schema per request is what makes some servers slow).
 *
 * @example
 * const registry = createMetaRegistry(coreDocTypes().map(loadMeta));
 * registry.getMeta('ToDo').tableName; // "tabToDo"
 */
export function createMetaRegistry(metas: readonly Meta[]): MetaRegistry {
  const byName = new Map(metas.map((meta) => [meta.name, meta]));
  return {
    getMeta(doctype) {
      const meta = byName.get(doctype);
      if (!meta) throw new DoesNotExistError(`DocType ${doctype} not found`);
      return meta;
    },
    has: (doctype) => byName.has(doctype),
    all: () => [...byName.values()],
    set(meta) {
      byName.set(meta.name, meta);
    },
    delete(doctype) {
      byName.delete(doctype);
    },
  };
}
