import type { ExcType } from '@cortado/protocol';
import { insertDoc, updateDoc } from '../../../src/engine/document.js';
import type { HostileCase } from './hostile-world.js';

const TEN_K = 'x'.repeat(10_000);
const ONE_M = 'y'.repeat(1_000_000);
const NOT_SCALARS: [string, unknown][] = [
  ['an object', { a: 1 }],
  ['an array', [1, 2]],
  ['a nested array', [[1]]],
];

/** Wrong values per fieldtype family; each must be refused, never stored as something else. */
const WRONG_TYPES: Record<string, [string, unknown][]> = {
  int_f: [
    ['text', 'abc'],
    ['1.5e400', '1e400'],
    ['Infinity', Infinity],
    ['NaN', Number.NaN],
    ['hex text', '0xZZ'],
    ...NOT_SCALARS,
  ],
  float_f: [
    ['text', 'abc'],
    ['Infinity', Infinity],
    ['-Infinity', -Infinity],
    ['NaN', Number.NaN],
    ['1e400', '1e400'],
    ...NOT_SCALARS,
  ],
  cur_f: [
    ['text', 'ten'],
    ['Infinity', Infinity],
    ['NaN', Number.NaN],
    ['1e400', '1e400'],
    ...NOT_SCALARS,
  ],
  pct_f: [['text', 'half'], ['Infinity', Infinity], ['NaN', Number.NaN], ...NOT_SCALARS],
  chk_f: [['text', 'yes please'], ['NaN', Number.NaN], ...NOT_SCALARS],
  date_f: [
    ['text', 'tomorrow'],
    ['month 13', '2024-13-01'],
    ['day 32', '2024-01-32'],
    ['Feb 30', '2024-02-30'],
    ['SQL', "2024-01-01'; drop table tabUser; --"],
    ['number', 20240101],
    ...NOT_SCALARS,
  ],
  dt_f: [
    ['text', 'now-ish'],
    ['hour 25', '2024-01-01 25:00:00'],
    ['minute 61', '2024-01-01 10:61:00'],
    ['month 0', '2024-00-10 10:00:00'],
    ...NOT_SCALARS,
  ],
  time_f: [['text', 'noon'], ['hour 25', '25:00:00'], ['minute 99', '10:99'], ...NOT_SCALARS],
  rating_f: [['text', 'five stars'], ...NOT_SCALARS],
  json_f: [
    ['broken JSON text', '{"a": '],
    ['bare word', 'not json'],
  ],
  sel_f: [
    ['unknown option', 'Blue'],
    ['case differs', 'red'],
    ['SQL', "Red' or '1'='1"],
    ...NOT_SCALARS,
  ],
  link_f: [
    ['missing record', 'No Such Customer'],
    ['SQL', "x' or '1'='1"],
    ['wildcard', '%'],
    ...NOT_SCALARS,
  ],
  data_f: [
    ['21 characters', 'x'.repeat(21)],
    ['10k characters', TEN_K],
    ['1M characters', ONE_M],
    ...NOT_SCALARS,
  ],
  text_f: [...NOT_SCALARS],
  email_f: [
    ['not an address', 'not-an-email'],
    ['two @', 'a@@b.test'],
    ['spaces', 'a b@c.test'],
    ['SQL', "a@b.test' --"],
  ],
};

/** Text values that reach a field-specific rule. */
const EXPECTED: Record<string, ExcType> = {
  data_f: 'CharacterLengthExceededError',
  link_f: 'LinkValidationError',
  email_f: 'InvalidEmailAddressError',
};

function wrongTypeCases(): HostileCase[] {
  return Object.entries(WRONG_TYPES).flatMap(([fieldname, values]) =>
    values.flatMap(([what, value]): HostileCase[] => {
      // Non-text values fail the type check before any field-specific rule.
      const excType =
        typeof value === 'string' ? (EXPECTED[fieldname] ?? 'ValidationError') : 'ValidationError';
      return [
        {
          label: `insert ${fieldname} = ${what}`,
          excType,
          act: (ctx) => insertDoc(ctx, { doctype: 'Hostile Types', [fieldname]: value }),
        },
        {
          label: `update ${fieldname} = ${what}`,
          excType,
          act: async (ctx) => {
            const doc = await insertDoc(ctx, { doctype: 'Hostile Types' });
            return updateDoc(ctx, 'Hostile Types', String(doc.name), { [fieldname]: value });
          },
        },
      ];
    }),
  );
}

/** Length limits of the fixture DocTypes (Data 140 by default, `code` 10). */
const LENGTH_CASES: HostileCase[] = [
  ['customer_name', 141],
  ['customer_name', 10_000],
  ['customer_name', 1_000_000],
  ['code', 11],
  ['code', 5000],
  ['tax_id', 141],
  ['email', 1000],
].map(([fieldname, length]) => ({
  label: `Test Customer ${fieldname} of ${length} characters`,
  excType: fieldname === 'email' ? 'InvalidEmailAddressError' : 'CharacterLengthExceededError',
  act: (ctx) =>
    insertDoc(ctx, {
      doctype: 'Test Customer',
      customer_name: `Len ${length}`,
      [String(fieldname)]: 'z'.repeat(Number(length)),
    }),
}));

/** Mandatory values missing or blank, on the parent and in child rows. */
const MANDATORY_CASES: HostileCase[] = [
  ...([undefined, null, '', '   '] as unknown[]).map((value) => ({
    label: `Test Customer naming field customer_name ${JSON.stringify(value) ?? 'absent'}`,
    // The name comes from this field, so naming fails first, as in Frappe ("… is required").
    excType: 'ValidationError' as ExcType,
    act: (ctx: Parameters<HostileCase['act']>[0]) =>
      insertDoc(ctx, {
        doctype: 'Test Customer',
        code: 'M1',
        ...(value === undefined ? {} : { customer_name: value }),
      }),
  })),
  ...([undefined, null, ''] as unknown[]).map((value) => ({
    label: `Test Invoice customer ${JSON.stringify(value) ?? 'absent'}`,
    excType: 'MandatoryError' as ExcType,
    act: (ctx: Parameters<HostileCase['act']>[0]) =>
      insertDoc(ctx, {
        doctype: 'Test Invoice',
        items: [{ item: 'Pen' }],
        ...(value === undefined ? {} : { customer: value }),
      }),
  })),
  ...([undefined, null, ''] as unknown[]).map((value) => ({
    label: `Test Invoice Item item ${JSON.stringify(value) ?? 'absent'} in a row`,
    excType: 'MandatoryError' as ExcType,
    act: (ctx: Parameters<HostileCase['act']>[0]) =>
      insertDoc(ctx, {
        doctype: 'Test Invoice',
        customer: 'Acme',
        items: [{ qty: 1, ...(value === undefined ? {} : { item: value }) }],
      }),
  })),
  {
    label: 'blanking a mandatory field on update',
    excType: 'MandatoryError',
    act: (ctx, b) => updateDoc(ctx, 'Test Invoice', b.draft, { customer: '' }),
  },
  {
    label: 'blanking a mandatory child value on update',
    excType: 'MandatoryError',
    act: (ctx, b) =>
      updateDoc(ctx, 'Test Invoice', b.draft, { items: [{ name: b.draftRow, item: null }] }),
  },
];

/** Other value rules: bad Select and Link values on fixtures, non-negative, unique, email. */
const RULE_CASES: HostileCase[] = [
  ...['Deleted', 'active', 'Active\nInactive', "Active' or 1=1 --"].map((status) => ({
    label: `Test Customer status ${JSON.stringify(status)}`,
    excType: 'ValidationError' as ExcType,
    act: (ctx: Parameters<HostileCase['act']>[0]) =>
      insertDoc(ctx, { doctype: 'Test Customer', customer_name: `Sel ${status}`, status }),
  })),
  ...['Nobody', 'Acme Corp', "Acme' --", '*'].map((customer) => ({
    label: `Test Invoice customer link ${JSON.stringify(customer)}`,
    excType: 'LinkValidationError' as ExcType,
    act: (ctx: Parameters<HostileCase['act']>[0]) =>
      insertDoc(ctx, { doctype: 'Test Invoice', customer, items: [{ item: 'Pen' }] }),
  })),
  ...[-1, -0.01, '-5'].map((credit) => ({
    label: `Test Customer credit ${credit}`,
    excType: 'NonNegativeError' as ExcType,
    act: (ctx: Parameters<HostileCase['act']>[0]) =>
      insertDoc(ctx, { doctype: 'Test Customer', customer_name: `Neg ${credit}`, credit }),
  })),
  {
    label: 'duplicate unique code',
    excType: 'UniqueValidationError',
    act: (ctx) => insertDoc(ctx, { doctype: 'Test Customer', customer_name: 'Dup', code: 'AC1' }),
  },
  {
    label: 'duplicate unique code on update',
    excType: 'UniqueValidationError',
    act: (ctx, b) => updateDoc(ctx, 'Test Customer', b.other, { code: 'AC1' }),
  },
  {
    label: 'duplicate name from field',
    excType: 'DuplicateEntryError',
    act: (ctx) => insertDoc(ctx, { doctype: 'Test Customer', customer_name: 'Acme' }),
  },
  {
    label: 'Dynamic Link without its type',
    excType: 'ValidationError',
    act: (ctx) => insertDoc(ctx, { doctype: 'Test Note', reference_name: 'Acme' }),
  },
  {
    label: 'Dynamic Link to a missing record',
    excType: 'LinkValidationError',
    act: (ctx) =>
      insertDoc(ctx, {
        doctype: 'Test Note',
        reference_type: 'Test Customer',
        reference_name: 'Nobody',
      }),
  },
  {
    label: 'Link to DocType that does not exist',
    excType: 'LinkValidationError',
    act: (ctx) => insertDoc(ctx, { doctype: 'Test Note', reference_type: 'No Such DocType' }),
  },
];

export const VALUE_CASES: HostileCase[] = [
  ...wrongTypeCases(),
  ...LENGTH_CASES,
  ...MANDATORY_CASES,
  ...RULE_CASES,
];
