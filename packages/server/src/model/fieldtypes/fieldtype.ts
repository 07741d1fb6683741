import type { ColumnSpec } from '../../platform/db/database.js';
import type { DocField } from '../meta.js';

/**
 * One Frappe fieldtype: how its value is stored, accepted on write and
 * written on the wire. Implementations are stateless singletons listed in
 * `registry.ts`.
 *
 * @internal
 */
export interface Fieldtype {
  /** Frappe's fieldtype name, e.g. `Data`, `Table MultiSelect`. */
  readonly name: string;
  /** Owns a column in the DocType's table (false for layout and table types). */
  readonly hasColumn: boolean;
  /** Rows live in a child table (`Table`, `Table MultiSelect`). */
  readonly isTable: boolean;
  /** The column for `field`, or null when the type stores nothing in the parent row. */
  column(field: DocField): ColumnSpec | null;
  /**
   * Write-time conversion of an incoming value to the stored form. Accepts
   * Frappe's valid string forms (`"1"` for Int, ISO dates); anything else
   * throws a `ValidationError` naming the field's label.
   */
  coerce(value: unknown, field: DocField): unknown;
  /** The stored value in Frappe's wire format (docs/spec/document-model.md §2.3). */
  serialize(value: unknown, field: DocField): unknown;
  /** Whether the value counts as missing for a mandatory check. */
  isEmpty(value: unknown): boolean;
}
