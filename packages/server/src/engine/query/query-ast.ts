import { FILTER_OPERATORS } from '@cortado/protocol';
import type { DocField, Meta } from '../../model/meta.js';

/** How a column compares: decides value coercion and the NULL fallback (docs/spec/query-language.md §4.4–4.5). */
export type ColumnKind = 'text' | 'number' | 'date' | 'datetime' | 'time';

/** How a table joins the queried DocType. */
export type TableJoin =
  | { readonly kind: 'main' }
  /** Child table rows: `parent = main.name AND parenttype = <DocType>` (+ `parentfield` when known). */
  | { readonly kind: 'child'; readonly parentfield: string | null }
  /** The record a Link field points at: `name = main.<linkField>`. */
  | { readonly kind: 'link'; readonly linkField: string };

/** A table taking part in the query, under its SQL alias. */
export interface QueryTable {
  readonly alias: string;
  readonly meta: Meta;
  readonly join: TableJoin;
}

/** A resolved column: always a standard column or a DocField of a table in the query. */
export interface ColumnRef {
  readonly table: QueryTable;
  /** The DocField, or a synthetic one for standard columns. */
  readonly field: DocField;
  readonly kind: ColumnKind;
  /** False when the column never holds NULL, so no `coalesce` is needed. */
  readonly nullable: boolean;
}

export const AGGREGATES = ['count', 'sum', 'avg', 'min', 'max'] as const;
export type Aggregate = (typeof AGGREGATES)[number];

/** One entry of the select list. `readable: false` entries are trimmed by field permissions. */
export type SelectItem =
  | {
      readonly kind: 'column';
      readonly column: ColumnRef;
      readonly label: string;
      readonly readable: boolean;
    }
  | {
      readonly kind: 'aggregate';
      readonly fn: Aggregate;
      readonly distinct: boolean;
      /** null for `count(*)`. */
      readonly column: ColumnRef | null;
      readonly label: string;
      readonly readable: boolean;
    };

/** What an ORDER BY / GROUP BY item points at. */
export type SortTarget =
  | { readonly kind: 'column'; readonly column: ColumnRef }
  | {
      readonly kind: 'aggregate';
      readonly fn: Aggregate;
      readonly distinct: boolean;
      readonly column: ColumnRef | null;
    };

export interface OrderItem {
  readonly target: SortTarget;
  readonly direction: 'asc' | 'desc';
}

/** Filter operators (docs/spec/query-language.md §4.4), lower-case; the list lives in the protocol so clients type them too. */
export const OPERATORS = FILTER_OPERATORS;
export type Operator = (typeof OPERATORS)[number];

/** A filter as the client wrote it, shape-checked but not yet resolved against metadata. */
export interface RawCondition {
  /** The DocType named by a 4-element filter, else null. */
  readonly doctype: string | null;
  readonly field: string;
  readonly operator: Operator;
  readonly value: unknown;
}

/**
 * Filters as a boolean tree: a number is the index of a condition in the
 * parsed list, a group combines its items with `and`/`or`. An empty `and`
 * group means no filter.
 */
export type FilterNode =
  number | { readonly op: 'and' | 'or'; readonly items: readonly FilterNode[] };

/** A filter bound to a resolved column. */
export interface Condition {
  readonly column: ColumnRef;
  readonly operator: Operator;
  readonly value: unknown;
}
