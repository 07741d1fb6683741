import { sql, type RawBuilder, type SqlBool } from '../../platform/db/kysely.js';
import { ValidationError } from '../../core/errors/index.js';
import { getFieldtype, isFieldtype } from '../../model/fieldtypes/registry.js';
import { formatDate, partsOfJsDate } from '../../model/fieldtypes/temporal.js';
import { fallbackValue } from './column-kind.js';
import { coerceFilterValue, isDateOnly, isFalsy } from './coerce-filter-value.js';
import type { ColumnRef, Condition, Operator } from './query-ast.js';
import { relativeTimespan, timespanRange } from './timespan.js';

/** What operators need to know beyond the condition itself. */
export interface OperatorEnv {
  /** False on PostgreSQL, where Frappe's `like` is `ILIKE`. */
  readonly caseInsensitiveLike: boolean;
  /** "Now" for `timespan` and missing `between` bounds. */
  readonly today: Date;
  /**
   * The SQL type a date or datetime fallback is cast to, where `coalesce`
   * would otherwise turn the column into text (MariaDB); absent elsewhere.
   */
  readonly temporalType?: (kind: 'date' | 'datetime') => string;
}

type Builder = (column: ColumnRef, value: unknown, env: OperatorEnv) => RawBuilder<SqlBool>;

/** Comparison operators, emitted verbatim: they come from the fixed BUILDERS table, never from the client. */
type Comparison = '=' | '!=' | '>' | '<' | '>=' | '<=';

/**
 * One SQL condition for a filter, with Frappe's v15 NULL model (spec
 * docs/spec/query-language.md §4.4): a nullable column is compared as `coalesce(column,
 * fallback)` so NULL behaves like the empty value of its type. Every value is
 * a bound parameter.
 */
export function conditionSql(condition: Condition, env: OperatorEnv): RawBuilder<SqlBool> {
  return BUILDERS[condition.operator](condition.column, condition.value, env);
}

/** The column as a quoted identifier. */
export function columnSql(column: ColumnRef): RawBuilder<unknown> {
  return sql.id(column.table.alias, column.field.fieldname);
}

/** The column with NULL replaced by its fallback (a plain column when it is never NULL). */
function padded(column: ColumnRef, env: OperatorEnv): RawBuilder<unknown> {
  if (!column.nullable) return columnSql(column);
  return sql`coalesce(${columnSql(column)}, ${fallback(column, env)})`;
}

/** The empty value of the column's type, as a parameter of that type. */
function fallback(column: ColumnRef, env: OperatorEnv): unknown {
  const value = fallbackValue(column.kind);
  const { kind } = column;
  if ((kind !== 'date' && kind !== 'datetime') || env.temporalType === undefined) return value;
  return sql`cast(${value} as ${sql.raw(env.temporalType(kind))})`;
}

/** The largest magnitude each integer column type holds. */
const INTEGER_LIMITS: Partial<Record<string, number>> = {
  smallint: 32_767,
  int: 2_147_483_647,
  bigint: Number.MAX_SAFE_INTEGER,
};

/**
 * The filter value as a bound parameter. A number an integer column cannot
 * hold (fractional, or beyond the column's range) is bound as a decimal, so
 * `["done", "<=", 10.5]` means the same on every database: PostgreSQL would
 * otherwise read the parameter as the column's type and refuse it.
 */
function bind(column: ColumnRef, value: unknown): unknown {
  const target = coerceFilterValue(column, value);
  if (typeof target !== 'number' || !isFieldtype(column.field.fieldtype)) return target;
  const limit =
    INTEGER_LIMITS[getFieldtype(column.field.fieldtype).column(column.field)?.type ?? ''];
  if (limit === undefined || (Number.isInteger(target) && Math.abs(target) <= limit)) return target;
  return sql`cast(${target} as decimal(30, 9))`;
}

function compare(operator: Comparison): Builder {
  return (column, value, env) => {
    const target = bind(column, value);
    // With a non-empty value `=` never needs NULL rows, so the plain column keeps indexes usable.
    const plain =
      (operator === '=' && !isFalsy(value)) ||
      ((operator === '>' || operator === '>=') &&
        (column.kind === 'date' || column.kind === 'datetime'));
    return sql<SqlBool>`${plain ? columnSql(column) : padded(column, env)} ${sql.raw(operator)} ${target}`;
  };
}

/**
 * The longest `like` pattern accepted. SQLite refuses patterns over 50,000
 * bytes with an error of its own; one bound for every dialect keeps the
 * query language the same everywhere (4 bytes a character stays far below).
 */
export const MAX_LIKE_PATTERN = 2000;

function like(negated: boolean): Builder {
  return (column, value, env) => {
    if (value !== null && typeof value === 'object')
      throw new ValidationError(`Invalid like pattern for ${column.field.fieldname}`);
    const pattern = value === null || value === undefined ? '' : String(value);
    if (pattern.length > MAX_LIKE_PATTERN)
      throw new ValidationError(
        `Like pattern for ${column.field.fieldname} is longer than ${MAX_LIKE_PATTERN} characters`,
      );
    const base = !negated && pattern !== '' ? columnSql(column) : padded(column, env);
    const subject = column.kind === 'text' ? base : sql`nullif(${textForm(column, base)}, '')`;
    const keyword = `${negated ? 'not ' : ''}${env.caseInsensitiveLike ? 'like' : 'ilike'}`;
    return sql<SqlBool>`${subject} ${sql.raw(keyword)} ${pattern}`;
  };
}

/**
 * Dates, times and numbers are matched on their text form, as MariaDB does
 * implicitly. That form is never empty, so `nullif` above only restores the
 * NULL that concat drops on SQLite and PostgreSQL. MariaDB writes datetimes
 * and times with `.000000`, which the others leave out.
 */
function textForm(column: ColumnRef, base: RawBuilder<unknown>): RawBuilder<unknown> {
  const text = sql`concat(${base}, '')`;
  return column.kind === 'datetime' || column.kind === 'time'
    ? sql`replace(${text}, '.000000', '')`
    : text;
}

function inList(negated: boolean): Builder {
  return (column, value, env) => {
    const items = listItems(value);
    const hasEmpty = items.length === 0 || items.some((item) => item === null || item === '');
    const values = (items.length === 0 ? [null] : items).map((item) => bind(column, item));
    const subject = negated || hasEmpty ? padded(column, env) : columnSql(column);
    return sql<SqlBool>`${subject} ${sql.raw(negated ? 'not in' : 'in')} (${sql.join(values)})`;
  };
}

/** An array, or a comma-separated string split and trimmed (docs/spec/query-language.md §4.4). */
function listItems(value: unknown): unknown[] {
  if (Array.isArray(value)) return value;
  if (typeof value === 'string') return value.split(',').map((item) => item.trim());
  if (value === null || value === undefined) return [];
  return [value];
}

const isOperator: Builder = (column, value, env) => {
  const keyword = typeof value === 'string' ? value.trim().toLowerCase() : '';
  if (keyword !== 'set' && keyword !== 'not set') {
    throw new ValidationError(
      `Value for operator "is" must be "set" or "not set", not ${JSON.stringify(value)}`,
    );
  }
  const operator = sql.raw(keyword === 'set' ? '!=' : '=');
  // Text by its length: MariaDB's collations make ' ' equal to '', and a value of spaces is set.
  if (column.kind === 'text') return sql<SqlBool>`length(${padded(column, env)}) ${operator} 0`;
  // A numeric 0 counts as "not set", as it does on MariaDB where 0 = ''.
  return sql<SqlBool>`${padded(column, env)} ${operator} ${fallback(column, env)}`;
};

const between: Builder = (column, value, env) => {
  if (!Array.isArray(value) || value.length === 0 || value.length > 2) {
    throw new ValidationError(
      `Value for between on ${column.field.fieldname} must be a list of two values`,
    );
  }
  const from = bound(column, value[0], env, false);
  const to = bound(column, value[1], env, true);
  return sql<SqlBool>`${padded(column, env)} between ${from} and ${to}`;
};

/** A `between` bound: dates default to today; a date-only upper bound on a datetime covers the whole day. */
function bound(column: ColumnRef, value: unknown, env: OperatorEnv, upper: boolean): unknown {
  const temporal = column.kind === 'date' || column.kind === 'datetime';
  if (value === null || value === undefined || value === '') {
    if (!temporal)
      throw new ValidationError(`Value for between on ${column.field.fieldname} needs two bounds`);
    return bound(column, formatDate(partsOfJsDate(env.today).date), env, upper);
  }
  if (upper && column.kind === 'datetime' && isDateOnly(value)) {
    return `${coerceFilterValue({ ...column, kind: 'date' }, value)} 23:59:59.999999`;
  }
  return bind(column, value);
}

function timespan(keywordOf: (value: unknown) => unknown): Builder {
  return (column, value, env) => {
    if (column.kind !== 'date' && column.kind !== 'datetime') {
      throw new ValidationError(
        `Timespan filters need a date field, not ${column.field.fieldname}`,
      );
    }
    return between(column, timespanRange(keywordOf(value), env.today), env);
  };
}

const treeNotExpanded: Builder = () => {
  throw new Error('Tree operators must be expanded by expandTreeConditions before building SQL');
};

const BUILDERS: Record<Operator, Builder> = {
  '=': compare('='),
  '!=': compare('!='),
  '>': compare('>'),
  '<': compare('<'),
  '>=': compare('>='),
  '<=': compare('<='),
  like: like(false),
  'not like': like(true),
  in: inList(false),
  'not in': inList(true),
  is: isOperator,
  between,
  timespan: timespan((value) => value),
  previous: timespan((value) => relativeTimespan('previous', value)),
  next: timespan((value) => relativeTimespan('next', value)),
  'descendants of': treeNotExpanded,
  'ancestors of': treeNotExpanded,
  'not descendants of': treeNotExpanded,
  'not ancestors of': treeNotExpanded,
  'descendants of (inclusive)': treeNotExpanded,
};
