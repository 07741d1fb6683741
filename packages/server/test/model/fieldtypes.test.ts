import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { DocFieldJson } from '@cortado/protocol';
import { FrappeError } from '../../src/core/errors/index.js';
import { fieldtypeNames, getFieldtype } from '../../src/model/fieldtypes/registry.js';
import { loadDocField } from '../../src/model/load-docfield.js';

const field = (fieldtype: string, extra: DocFieldJson = {}) =>
  loadDocField({ fieldname: 'f', label: 'My Field', fieldtype, ...extra });

/** [fieldtype, field extras, incoming, stored] */
const VALID: [string, DocFieldJson, unknown, unknown][] = [
  ['Int', {}, '42', 42],
  ['Int', {}, 42.9, 42],
  ['Int', {}, '42.9', 42],
  ['Int', {}, ' -7 ', -7],
  ['Int', {}, null, 0],
  ['Int', {}, '', 0],
  ['Int', {}, true, 1],
  ['Check', {}, 1, 1],
  ['Check', {}, true, 1],
  ['Check', {}, '1', 1],
  ['Check', {}, '1.0', 1],
  ['Check', {}, 5, 1],
  ['Check', {}, 0, 0],
  ['Check', {}, false, 0],
  ['Check', {}, null, 0],
  ['Check', {}, '', 0],
  ['Check', {}, '0', 0],
  ['Float', {}, '12.5', 12.5],
  ['Currency', {}, '1,234.50', 1234.5],
  ['Percent', {}, 7, 7],
  ['Float', {}, '', 0],
  ['Float', {}, null, 0],
  ['Duration', {}, '3600', 3600],
  ['Duration', {}, '', null],
  ['Rating', {}, 0.6, 0.6],
  ['Rating', {}, 3, 1],
  ['Rating', {}, -1, 0],
  ['Date', {}, '2024-03-05', '2024-03-05'],
  ['Date', {}, '2024-3-5', '2024-03-05'],
  ['Date', {}, '2024-03-05 14:07:09', '2024-03-05'],
  ['Date', {}, '', null],
  ['Date', {}, null, null],
  ['Date', {}, new Date(2024, 1, 29, 23, 59), '2024-02-29'],
  ['Datetime', {}, '2024-03-05 14:07:09', '2024-03-05 14:07:09'],
  ['Datetime', {}, '2024-03-05T14:07:09.5', '2024-03-05 14:07:09.500000'],
  ['Datetime', {}, '2024-03-05 14:07:09.000000', '2024-03-05 14:07:09'],
  ['Datetime', {}, '2024-03-05 14:07', '2024-03-05 14:07:00'],
  ['Datetime', {}, '2024-03-05', '2024-03-05 00:00:00'],
  ['Datetime', {}, '', null],
  ['Time', {}, '9:05', '09:05:00'],
  ['Time', {}, '14:30:00.25', '14:30:00.250000'],
  ['Time', {}, '', null],
  ['Data', {}, 'hello', 'hello'],
  ['Data', {}, 12, '12'],
  ['Data', {}, null, null],
  ['Data', { unique: 1 }, '   ', null],
  [
    'Data',
    { options: 'Email' },
    'a@b.co, Jane <jane@example.com>',
    'a@b.co, Jane <jane@example.com>',
  ],
  ['Data', { options: 'Email' }, 'Administrator', 'Administrator'],
  ['Data', { options: 'Phone' }, '+49 (30) 123-45', '+49 (30) 123-45'],
  ['Data', { options: 'Name' }, "Anne-Marie O'Neil", "Anne-Marie O'Neil"],
  ['Data', { options: 'URL' }, 'https://example.com/x', 'https://example.com/x'],
  ['Phone', {}, '030 1234', '030 1234'],
  ['Select', { options: 'Open\nClosed' }, 'Open', 'Open'],
  ['Select', { options: '\nA\nB' }, '', ''],
  ['Select', { fieldname: 'naming_series', options: 'SO-.####' }, 'X-.##', 'X-.##'],
  ['Link', {}, 'ACME', 'ACME'],
  ['Text Editor', {}, '<p>x</p>', '<p>x</p>'],
  [
    'Geolocation',
    {},
    { type: 'FeatureCollection', features: [] },
    '{"type":"FeatureCollection","features":[]}',
  ],
  ['JSON', {}, { a: 1, b: [1, 2] }, '{"a":1,"b":[1,2]}'],
  ['JSON', {}, [1, 2], '[1,2]'],
  ['JSON', {}, '{"a": 1}', '{"a": 1}'],
  ['JSON', {}, '', null],
  ['Password', {}, '*****', '*****'],
  ['Table', {}, [{ item: 'x' }], [{ item: 'x' }]],
  ['Table MultiSelect', {}, null, []],
  ['Section Break', {}, 'anything', null],
];

/** [fieldtype, field extras, incoming, error type] */
const INVALID: [string, DocFieldJson, unknown, string][] = [
  ['Int', {}, 'abc', 'ValidationError'],
  ['Int', {}, '1,000', 'ValidationError'],
  ['Int', {}, {}, 'ValidationError'],
  ['Int', {}, Number.NaN, 'ValidationError'],
  ['Check', {}, 'true', 'ValidationError'],
  ['Check', {}, 'yes', 'ValidationError'],
  ['Float', {}, 'abc', 'ValidationError'],
  ['Currency', {}, '12abc', 'ValidationError'],
  ['Date', {}, '2024-02-30', 'ValidationError'],
  ['Date', {}, '05/03/2024', 'ValidationError'],
  ['Date', {}, 20240305, 'ValidationError'],
  ['Datetime', {}, '2024-03-05T14:07:09Z', 'ValidationError'],
  ['Datetime', {}, '2024-03-05 25:00:00', 'ValidationError'],
  ['Time', {}, '24:00', 'ValidationError'],
  ['Time', {}, 'noon', 'ValidationError'],
  ['Data', {}, { a: 1 }, 'ValidationError'],
  ['Data', {}, ['a'], 'ValidationError'],
  ['Data', { options: 'Email' }, 'not-an-email', 'InvalidEmailAddressError'],
  ['Data', { options: 'Email' }, 'a@b.co, broken', 'InvalidEmailAddressError'],
  ['Data', { options: 'Phone' }, 'call me', 'InvalidPhoneNumberError'],
  ['Data', { options: 'Name' }, 'Robert<script>', 'InvalidNameError'],
  ['Data', { options: 'URL' }, 'not a url', 'ValidationError'],
  ['Phone', {}, '12<34', 'InvalidPhoneNumberError'],
  ['Select', { options: 'Open\nClosed\nCancelled' }, 'Done', 'ValidationError'],
  ['JSON', {}, '{broken', 'ValidationError'],
  ['Table', {}, 'rows', 'ValidationError'],
  ['Table', {}, [1, 2], 'ValidationError'],
];

describe('fieldtype coerce', () => {
  for (const [fieldtype, extra, incoming, stored] of VALID) {
    it(`${fieldtype} ${JSON.stringify(extra)} accepts ${String(JSON.stringify(incoming))}`, () => {
      assert.deepEqual(getFieldtype(fieldtype).coerce(incoming, field(fieldtype, extra)), stored);
    });
  }
  for (const [fieldtype, extra, incoming, excType] of INVALID) {
    it(`${fieldtype} ${JSON.stringify(extra)} rejects ${String(JSON.stringify(incoming))} with ${excType}`, () => {
      assert.throws(
        () => getFieldtype(fieldtype).coerce(incoming, field(fieldtype, extra)),
        (error: unknown) =>
          error instanceof FrappeError &&
          error.excType === excType &&
          error.message.includes('My Field'),
      );
    });
  }

  it('words the Select error as Frappe does', () => {
    assert.throws(() => select('Done'), {
      message: 'My Field cannot be "Done". It should be one of "Open", "Closed", "Cancelled"',
    });
    function select(value: string) {
      return getFieldtype('Select').coerce(
        value,
        field('Select', { options: 'Open\nClosed\nCancelled' }),
      );
    }
  });

  it("rejects lists on scalar fields with Frappe's message", () => {
    assert.throws(() => getFieldtype('Int').coerce([1], field('Int')), {
      message: 'Value for My Field cannot be a list',
    });
  });
});

/** [fieldtype, stored (as a driver returns it), wire] */
const WIRE: [string, unknown, unknown][] = [
  ['Check', '1', 1],
  ['Check', 0, 0],
  ['Int', '9007199254740', 9007199254740],
  ['Float', '100.000000000', 100],
  ['Currency', 12.5, 12.5],
  ['Date', '2024-03-05', '2024-03-05'],
  ['Datetime', '2024-03-05 14:07:09.000000', '2024-03-05 14:07:09'],
  ['Datetime', '2024-03-05 14:07:09.12', '2024-03-05 14:07:09.120000'],
  ['Datetime', '2024-03-05T14:07:09.123456', '2024-03-05 14:07:09.123456'],
  ['Time', '09:05:00', '9:05:00'],
  ['Time', '09:05:00.500000', '9:05:00.500000'],
  ['Time', '14:30:00', '14:30:00'],
  ['JSON', { a: 1 }, '{"a":1}'],
  ['JSON', '{"a":1}', '{"a":1}'],
  ['Data', null, null],
  ['Table', null, []],
];

describe('fieldtype serialize', () => {
  for (const [fieldtype, stored, wire] of WIRE) {
    it(`${fieldtype} sends ${JSON.stringify(stored)} as ${JSON.stringify(wire)}`, () => {
      assert.deepEqual(getFieldtype(fieldtype).serialize(stored, field(fieldtype)), wire);
    });
  }
});

describe('fieldtype columns and emptiness', () => {
  const COLUMNS: [string, DocFieldJson, object | null][] = [
    ['Data', {}, { type: 'varchar', length: 140 }],
    ['Data', { length: 240, default: 'x' }, { type: 'varchar', length: 240, defaultValue: 'x' }],
    ['Data', { default: 'Today' }, { type: 'varchar', length: 140 }],
    ['Int', {}, { type: 'int', notNull: true, defaultValue: 0 }],
    ['Int', { length: 20 }, { type: 'bigint', notNull: true, defaultValue: 0 }],
    ['Check', { default: '1' }, { type: 'smallint', notNull: true, defaultValue: 1 }],
    [
      'Currency',
      { default: '2.5' },
      { type: 'decimal', precision: 21, scale: 9, notNull: true, defaultValue: 2.5 },
    ],
    ['Rating', {}, { type: 'decimal', precision: 3, scale: 2 }],
    ['Text', { default: 'x' }, { type: 'text' }],
    ['Code', {}, { type: 'longtext' }],
    ['JSON', {}, { type: 'json' }],
    ['Date', { default: 'Today' }, { type: 'date' }],
    ['Date', { default: '2024-01-01' }, { type: 'date', defaultValue: '2024-01-01' }],
    ['Datetime', {}, { type: 'datetime' }],
    ['Time', {}, { type: 'time' }],
    ['Table', {}, null],
    ['Column Break', {}, null],
  ];
  for (const [fieldtype, extra, column] of COLUMNS) {
    it(`${fieldtype} ${JSON.stringify(extra)} column`, () => {
      const spec = getFieldtype(fieldtype).column(field(fieldtype, extra));
      assert.deepEqual(spec, column === null ? null : { name: 'f', ...column });
    });
  }

  it('knows every Frappe fieldtype', () => {
    const frappe =
      'Autocomplete Attach|Attach Image|Barcode|Button|Check|Code|Color|Column Break|Currency|Data|Date|Datetime|Duration|Dynamic Link|Float|Fold|Geolocation|Heading|HTML|HTML Editor|Icon|Image|Int|JSON|Link|Long Text|Markdown Editor|Password|Percent|Phone|Read Only|Rating|Section Break|Select|Signature|Small Text|Tab Break|Table|Table MultiSelect|Text|Text Editor|Time';
    const names = new Set(fieldtypeNames());
    for (const name of frappe.replace(' ', '|').split('|')) assert.ok(names.has(name), name);
    assert.throws(() => getFieldtype('Blob'), /Unknown fieldtype Blob/);
  });

  it('counts blank HTML as empty but an image as content', () => {
    const editor = getFieldtype('Text Editor');
    assert.equal(editor.isEmpty('<p> &nbsp;</p>'), true);
    assert.equal(editor.isEmpty('<p><img src="x.png"></p>'), false);
    assert.equal(getFieldtype('Int').isEmpty(0), false);
    assert.equal(getFieldtype('Int').isEmpty(null), true);
    assert.equal(getFieldtype('Table').isEmpty([]), true);
  });
});
