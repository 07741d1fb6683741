import type { FilterOperator } from '@cortado/protocol';

/*
 * The query language of list endpoints, typed: each operator takes the value
 * shape the server accepts for it, and field names are checked against the
 * DocType when the client knows its type.
 */

/** A single value a filter compares with. */
export type Scalar = string | number | boolean | null;

/** `timespan` keywords (calendar periods). */
export type Timespan =
  | 'yesterday'
  | 'today'
  | 'tomorrow'
  | 'last week'
  | 'last month'
  | 'last quarter'
  | 'last year'
  | 'this week'
  | 'this month'
  | 'this quarter'
  | 'this year'
  | 'next week'
  | 'next month'
  | 'next quarter'
  | 'next year'
  | 'last 6 months'
  | 'next 6 months';

/** Periods `previous` and `next` take. */
export type Period = '1 week' | '1 month' | '3 months' | '6 months' | '1 year';

/** The value each operator takes. */
export interface OperatorValues {
  '=': Scalar;
  '!=': Scalar;
  '>': Scalar;
  '<': Scalar;
  '>=': Scalar;
  '<=': Scalar;
  like: string;
  'not like': string;
  /** A list, or a comma-separated string. */
  in: readonly Scalar[] | string;
  'not in': readonly Scalar[] | string;
  is: 'set' | 'not set';
  /** Inclusive `[from, to]` of numbers, dates or datetimes. */
  between: readonly [Scalar, Scalar];
  timespan: Timespan;
  previous: Period;
  next: Period;
  'descendants of': string;
  'ancestors of': string;
  'not descendants of': string;
  'not ancestors of': string;
  'descendants of (inclusive)': string;
}

/** A `[field, operator, value]` filter on `Field`, with the value typed by its operator. */
export type Condition<Field extends string = string> = {
  [Op in FilterOperator]: readonly [field: Field, operator: Op, value: OperatorValues[Op]];
}[FilterOperator];

/** A `[doctype, field, operator, value]` filter (a child table's field). */
export type ChildCondition = {
  [Op in FilterOperator]: readonly [
    doctype: string,
    field: string,
    operator: Op,
    value: OperatorValues[Op],
  ];
}[FilterOperator];

/** `{field: value}` (equality) or `{field: [operator, value]}`. */
export type FilterObject<Field extends string = string> = {
  readonly [F in Field]?:
    | Scalar
    | {
        [Op in FilterOperator]: readonly [operator: Op, value: OperatorValues[Op]];
      }[FilterOperator];
};

/** Any of the filter shapes: a list of conditions (mixed with child-table ones) or an object. */
export type QueryFilters<Field extends string = string> =
  ReadonlyArray<Condition<Field> | ChildCondition> | FilterObject<Field>;

/** A field to select: a fieldname, `field as alias`, `table.field`, an aggregate like `count(name) as n`, or `*`. */
export type FieldSpec<Field extends string = string> = Field | '*' | (string & {});

/**
 * Arguments of {@link CortadoClient.getList}.
 *
 * @example
 * const args: ListArgs = { fields: ['name', 'status'], filters: [['status', 'in', ['Open']]], limit: 50 };
 */
export interface ListArgs<Field extends string = string> {
  /** Columns to return (default `["name"]`). */
  readonly fields?: readonly FieldSpec<Field>[];
  /** Conditions all rows must meet. */
  readonly filters?: QueryFilters<Field>;
  /** Conditions of which a row must meet at least one. */
  readonly orFilters?: QueryFilters<Field>;
  /** e.g. `"modified desc"`; default: the DocType's sort order. */
  readonly orderBy?: string;
  /** e.g. `"status"`. */
  readonly groupBy?: string;
  /** Rows to skip (default 0). */
  readonly start?: number;
  /** Page size (default 20); 0 = every row. */
  readonly limit?: number;
  /** The parent DocType when listing a child table. */
  readonly parent?: string;
  /** Link fields to replace by the linked record (v1). */
  readonly expand?: readonly Field[];
}
