import type { DocTypeJson } from '@cortado/protocol';
import fc from 'fast-check';
import type { Kysely } from 'kysely';
import { loadMeta } from '../../../src/model/load-meta.js';
import type { DbType } from '../../../src/platform/db/database.js';
import { text } from './differential-compare.js';
import { createWorldOf, f, type QueryWorld } from './query-fixtures.js';

/*
 * Generated DocTypes and rows for the differential test: a main DocType
 * with a random set of fields, a Link to a generated target DocType and a
 * Table of a generated child DocType, each filled with rows that hold
 * NULLs, unicode, extreme numbers and edge dates. Fieldnames carry their
 * DocType's prefix (m_, t_, c_), so joined columns never share a key.
 */

export const MAIN = 'Diff Main';
export const TARGET = 'Diff Target';
export const CHILD = 'Diff Item';

/** The fieldtypes the generator draws from; Link always points at the target DocType. */
export const FIELDTYPES = [
  'Data',
  'Int',
  'Float',
  'Currency',
  'Check',
  'Date',
  'Datetime',
  'Select',
  'Link',
  'Small Text',
] as const;
export type GeneratedType = (typeof FIELDTYPES)[number];

export interface GeneratedField {
  readonly fieldname: string;
  readonly fieldtype: GeneratedType;
  /** Select: its options; no two differ by case or accents only (MariaDB would merge them). */
  readonly options?: readonly string[];
}

export type Row = Record<string, unknown>;

/** One generated world: three DocTypes and their rows. */
export interface WorldSpec {
  readonly main: readonly GeneratedField[];
  readonly target: readonly GeneratedField[];
  readonly child: readonly GeneratedField[];
  readonly mainRows: readonly Row[];
  readonly targetRows: readonly Row[];
  readonly childRows: readonly Row[];
}

const OPTION_POOL = ['Open', 'Closed', 'On Hold', 'Draft', 'Ünïque', '名前', 'x'];
export const TARGET_NAMES = ['L1', 'L2', 'L3', 'L4', 'L5'];

const fieldsOf = (
  prefix: string,
  types: readonly GeneratedType[],
  min: number,
  max: number,
): fc.Arbitrary<GeneratedField[]> =>
  fc
    .array(
      fc.tuple(fc.constantFrom(...types), fc.subarray(OPTION_POOL, { minLength: 2, maxLength: 4 })),
      { minLength: min, maxLength: max },
    )
    .map((drawn) =>
      drawn.map(([fieldtype, options], i) => ({
        fieldname: `${prefix}_${fieldtype.replace(' ', '_').toLowerCase()}_${i}`,
        fieldtype,
        ...(fieldtype === 'Select' ? { options } : {}),
      })),
    );

const day = fc
  .date({ min: new Date('1000-01-01'), max: new Date('9999-12-31'), noInvalidDate: true })
  .map((d) => d.toISOString().slice(0, 10));
const EDGE_DAYS = [
  '1000-01-01',
  '1970-01-01',
  '1999-12-31',
  '2000-02-29',
  '2024-02-29',
  '9999-12-31',
];
const moment = fc
  .tuple(fc.oneof(day, fc.constantFrom(...EDGE_DAYS)), fc.integer({ min: 0, max: 86_399 }))
  .map(([d, s]) => `${d} ${new Date(s * 1000).toISOString().slice(11, 19)}`);
const EDGE_MOMENTS = ['1970-01-01 00:00:00', '2038-01-19 03:14:08', '9999-12-31 23:59:59'];

/** A value for a field of `type`; number columns are NOT NULL, like Frappe's. */
function valueOf(field: GeneratedField): fc.Arbitrary<unknown> {
  const nullable = (arbitrary: fc.Arbitrary<unknown>) => fc.option(arbitrary, { nil: null });
  switch (field.fieldtype) {
    case 'Data':
    case 'Small Text':
      return nullable(text);
    case 'Int':
      return fc.oneof(
        fc.integer({ min: -2_000_000_000, max: 2_000_000_000 }),
        fc.constantFrom(0, 1, -1),
      );
    case 'Float':
    case 'Currency':
      return fc.oneof(
        fc.integer({ min: -1e11, max: 1e11 }).map((n) => n / 1000),
        fc.constantFrom(0, 0.1, 0.2, -0.5, 999_999_999.999),
      );
    case 'Check':
      return fc.constantFrom(0, 1);
    case 'Date':
      return nullable(fc.oneof(day, fc.constantFrom(...EDGE_DAYS)));
    case 'Datetime':
      return nullable(fc.oneof(moment, fc.constantFrom(...EDGE_MOMENTS)));
    case 'Select':
      return fc.constantFrom(null, '', ...(field.options ?? []));
    case 'Link':
      return fc.constantFrom(null, ...TARGET_NAMES, 'L404');
  }
}

const rowOf = (fields: readonly GeneratedField[]): fc.Arbitrary<Row> =>
  fc.record(Object.fromEntries(fields.map((field) => [field.fieldname, valueOf(field)])));

const pad = (n: number, width: number) => String(n).padStart(width, '0');

/** DocTypes first, then rows that fit them. */
export const worldSpec: fc.Arbitrary<WorldSpec> = fc
  .record({
    main: fieldsOf('m', FIELDTYPES, 2, 6),
    target: fieldsOf(
      't',
      FIELDTYPES.filter((type) => type !== 'Link'),
      1,
      4,
    ),
    child: fieldsOf('c', FIELDTYPES, 1, 3),
  })
  .chain(({ main, target, child }) =>
    fc
      .record({
        mainRows: fc.array(rowOf([...main, { fieldname: 'link', fieldtype: 'Link' }]), {
          minLength: 30,
          maxLength: 30,
        }),
        targetRows: fc.tuple(...TARGET_NAMES.map(() => rowOf(target))),
        childCounts: fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 30, maxLength: 30 }),
        childValues: fc.array(rowOf(child), { minLength: 90, maxLength: 90 }),
      })
      .map(({ mainRows, targetRows, childCounts, childValues }) => ({
        main: [...main, { fieldname: 'link', fieldtype: 'Link' as const }],
        target,
        child,
        mainRows: mainRows.map((row, i) => ({ ...row, name: `M${pad(i, 3)}` })),
        targetRows: targetRows.map((row, i) => ({ ...row, name: TARGET_NAMES[i] })),
        childRows: childCounts.flatMap((count, i) =>
          Array.from({ length: count }, (_, n) => ({
            ...childValues[i * 3 + n],
            name: `C${pad(i, 3)}${n}`,
            parent: `M${pad(i, 3)}`,
            parenttype: MAIN,
            parentfield: 'items',
            idx: n + 1,
          })),
        ),
      })),
  );

const docField = (field: GeneratedField) =>
  f(field.fieldname, field.fieldtype, {
    ...(field.options === undefined ? {} : { options: field.options.join('\n') }),
    ...(field.fieldtype === 'Link' ? { options: TARGET } : {}),
  });

function doctypes(spec: WorldSpec): DocTypeJson[] {
  return [
    {
      name: MAIN,
      module: 'Test',
      fields: [...spec.main.map(docField), f('items', 'Table', { options: CHILD })],
    },
    { name: TARGET, module: 'Test', fields: spec.target.map(docField) },
    { name: CHILD, module: 'Test', istable: 1, fields: spec.child.map(docField) },
  ] as unknown as DocTypeJson[];
}

const STANDARD = {
  owner: 'a@x.com',
  creation: '2024-01-01 00:00:00',
  modified: '2024-01-01 00:00:00',
  modified_by: 'a@x.com',
  docstatus: 0,
};

async function fill(k: Kysely<any>, spec: WorldSpec): Promise<void> {
  const insert = async (doctype: string, rows: readonly Row[], extra: Row = {}) => {
    if (rows.length > 0)
      await k
        .insertInto(`tab${doctype}`)
        .values(rows.map((row) => ({ idx: 0, ...row, ...STANDARD, ...extra })))
        .execute();
  };
  await insert(MAIN, spec.mainRows);
  await insert(TARGET, spec.targetRows);
  await insert(CHILD, spec.childRows);
}

/** The world of `spec` on one database. */
export function createGeneratedWorld(type: DbType, spec: WorldSpec): Promise<QueryWorld> {
  return createWorldOf(type, doctypes(spec).map(loadMeta), (k) => fill(k, spec));
}
