import type { Meta } from './meta.js';

/**
 * The per-site cache of loaded DocTypes. Reads are synchronous: the registry
 * is filled when the site opens and updated after a DocType changes (commit).
 */
export interface MetaRegistry {
  /** The DocType, or a `DoesNotExistError` ("DocType {name} not found"). */
  getMeta(doctype: string): Meta;
  has(doctype: string): boolean;
  all(): readonly Meta[];
  /** Adds or replaces a DocType (after a runtime DocType is saved and committed). */
  set(meta: Meta): void;
  delete(doctype: string): void;
}
