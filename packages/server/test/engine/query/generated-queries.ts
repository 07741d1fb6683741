import fc from 'fast-check';
import { PATTERNS } from './differential-compare.js';
import { CHILD, TARGET_NAMES, type GeneratedField, type WorldSpec } from './generated-world.js';

/*
 * List, group and count queries over a generated world: columns of the
 * main DocType, `link.<field>` of the linked record and `items.<field>` of
 * the child table, in fields, filters, or_filters, order_by, group_by and
 * aggregates. Where collations differ (docs/query-language.md, "Databases
 * differ") the generator stays out: free text is only matched with `like`
 * and `is`; exact comparisons use values that differ by more than case or
 * accents; sorting is on numbers, dates and the ASCII `name`.
 */

/** How a column may be compared and sorted alike on every database. */
type Kind = 'number' | 'decimal' | 'date' | 'exact' | 'text';

interface Column {
  /** As the client writes it: `m_int_0`, `link.t_date_1`, `items.c_data_0`. */
  readonly ref: string;
  readonly kind: Kind;
  readonly scope: 'main' | 'link' | 'child';
  readonly field: GeneratedField;
}

const KINDS: Record<GeneratedField['fieldtype'], Kind> = {
  Int: 'number',
  Float: 'decimal',
  Currency: 'decimal',
  Check: 'number',
  Date: 'date',
  Datetime: 'date',
  Select: 'exact',
  Link: 'exact',
  Data: 'text',
  'Small Text': 'text',
};

function columnsOf(spec: WorldSpec): Column[] {
  const of = (scope: Column['scope'], prefix: string) => (field: GeneratedField) => ({
    ref: `${prefix}${field.fieldname}`,
    kind: KINDS[field.fieldtype],
    scope,
    field,
  });
  return [
    { ref: 'name', kind: 'exact', scope: 'main', field: { fieldname: 'name', fieldtype: 'Data' } },
    ...spec.main.map(of('main', '')),
    ...spec.target.map(of('link', 'link.')),
    ...spec.child.map(of('child', 'items.')),
  ];
}

const EXACT_WORDS = ['Open', 'Closed', 'On Hold', 'Ünïque', '名前', 'x', 'M001', '', null, 'set'];
const numbers = fc.oneof(
  fc.integer({ min: -100, max: 100 }),
  fc.constantFrom(0, 0.1, 10.5, -0.5, 2_000_000_000, '', null, 'set', 'not set'),
);
const days = fc.constantFrom(
  '1000-01-01',
  '1970-01-01',
  '2000-02-29',
  '2024-02-29',
  '2024-02-29 12:00:00',
  '9999-12-31',
  '',
  null,
);
const exact = fc.constantFrom(...EXACT_WORDS, ...TARGET_NAMES);
const pattern = fc.constantFrom(...PATTERNS, 'O%', '%1%', '2024%', 'L%');
/** Patterns on the text form of numbers and dates: its last digits, its separators. */
const formPattern = fc.constantFrom(
  '%1',
  '%0',
  '%00',
  '%1%',
  '2024%',
  '%-02-29%',
  '-%',
  '%.5%',
  '% %',
);

const RANGE_OPERATORS = ['=', '!=', '>', '<', '>=', '<=', 'in', 'not in', 'is', 'between', 'like'];

/**
 * Float and Currency have nine decimals in their text form on PostgreSQL and
 * MariaDB, the shortest form on SQLite (docs/query-language.md, "Databases
 * differ"): their patterns leave the trailing digits alone.
 */
const decimalPattern = fc.constantFrom('%1%', '-%', '%.5%', '%.0%', '1%');

/** An operator and a value that fit the column's kind. */
function test(kind: Kind): fc.Arbitrary<[string, unknown]> {
  const scalar = kind === 'date' ? days : numbers;
  switch (kind) {
    case 'number':
    case 'decimal':
    case 'date':
      return fc
        .constantFrom(...RANGE_OPERATORS)
        .chain((op) =>
          fc.tuple(
            fc.constant(op),
            op === 'like'
              ? kind === 'decimal'
                ? decimalPattern
                : formPattern
              : op === 'between'
                ? fc.tuple(scalar, scalar)
                : op.endsWith('in')
                  ? fc.array(scalar, { maxLength: 3 })
                  : op === 'is'
                    ? fc.constantFrom('set', 'not set')
                    : scalar,
          ),
        );
    case 'exact':
      return fc.oneof(
        fc.tuple(fc.constantFrom('=', '!=', 'is'), exact),
        fc.tuple(fc.constantFrom('in', 'not in'), fc.array(exact, { maxLength: 3 })),
        fc.tuple(fc.constantFrom('like', 'not like'), pattern),
      );
    case 'text':
      return fc.oneof(
        fc.tuple(fc.constantFrom('like', 'not like'), pattern),
        fc.tuple(fc.constant('is'), fc.constantFrom('set', 'not set')),
      );
  }
}

/** A filter on `column`; child columns also in the quadruple form `[child doctype, field, op, value]`. */
const conditionOn = (column: Column): fc.Arbitrary<unknown[]> =>
  fc
    .tuple(test(column.kind), fc.boolean())
    .map(([[op, value], quadruple]) =>
      column.scope === 'child' && quadruple
        ? [CHILD, column.field.fieldname, op, value]
        : [column.ref, op, value],
    );

/** Rows every database orders alike, and the rest. */
const sortable = (column: Column) =>
  column.kind === 'number' ||
  column.kind === 'decimal' ||
  column.kind === 'date' ||
  column.ref === 'name';

/** The query generators of one world. */
export interface QueryArbitraries {
  readonly list: fc.Arbitrary<Record<string, unknown>>;
  readonly group: fc.Arbitrary<Record<string, unknown>>;
  readonly count: fc.Arbitrary<Record<string, unknown>>;
}

export function queriesOf(spec: WorldSpec): QueryArbitraries {
  const columns = columnsOf(spec);
  const condition = fc.constantFrom(...columns).chain(conditionOn);
  const filters = fc.array(condition, { maxLength: 3 });
  const orFilters = fc.array(condition, { maxLength: 2 });
  const order = fc.array(
    fc.tuple(
      fc.constantFrom(...columns.filter(sortable).map((column) => column.ref)),
      fc.constantFrom('asc', 'desc'),
    ),
    { minLength: 1, maxLength: 2 },
  );
  const list = fc
    .record({
      fields: fc.subarray(columns.map((column) => column.ref)),
      filters,
      or_filters: orFilters,
      order,
      limit_start: fc.constantFrom(0, 0, 3),
      limit_page_length: fc.constantFrom(0, 5, 20),
    })
    .map(({ fields, order: items, ...rest }) => ({
      ...rest,
      fields: ['name', ...fields.filter((ref) => ref !== 'name')],
      // Rows of one parent differ only in their child columns: their own idx orders them.
      order_by: [
        ...items.map(([ref, direction]) => `${ref} ${direction}`),
        ...(fields.some((ref) => ref.startsWith('items.')) ? ['items.idx asc'] : []),
      ].join(', '),
    }));
  const groupable = columns.filter(
    (column) => column.kind !== 'text' && column.ref !== 'name' && column.scope !== 'child',
  );
  // Float and Currency are binary floating point on SQLite: their sums may differ in the last
  // digits from the exact decimals elsewhere (docs/query-language.md, "Databases differ").
  const numeric = columns
    .filter((column) => column.field.fieldtype === 'Int' || column.field.fieldtype === 'Check')
    .map((column) => column.ref);
  const ranged = columns.filter(sortable).map((column) => column.ref);
  const aggregate = fc.oneof(
    fc.constantFrom('count(name)', 'count(*)'),
    ...(numeric.length > 0
      ? [fc.tuple(fc.constantFrom('sum', 'avg'), fc.constantFrom(...numeric))]
      : []),
    fc.tuple(fc.constantFrom('min', 'max'), fc.constantFrom(...ranged)),
    fc.tuple(fc.constant('count(distinct'), fc.constantFrom(...groupable.map((c) => c.ref))),
  );
  const group = fc
    .record({
      by: fc.constantFrom(...groupable.map((column) => column.ref)),
      fn: aggregate,
      filters,
    })
    .map(({ by, fn, filters: conditions }) => ({
      fields: [
        by,
        typeof fn === 'string'
          ? fn
          : fn[0].endsWith('(distinct')
            ? `${fn[0]} ${fn[1]})`
            : `${fn[0]}(${fn[1]})`,
      ],
      group_by: by,
      filters: conditions,
      limit_page_length: 0,
    }));
  const count = fc.record({ filters, or_filters: orFilters, distinct: fc.boolean() });
  return { list, group, count };
}
