import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { PythonFloat, pythonJsonDumps } from './python-json.js';

/* Expected strings are what CPython's json.dumps prints for the same values. */
describe("Python's json.dumps bytes", () => {
  const cases: Array<[string, unknown, string]> = [
    ['empty object', {}, '{}'],
    ['separators and order', { b: 1, a: 'x' }, '{"b": 1, "a": "x"}'],
    ['nested list', { l: [1, null, true] }, '{"l": [1, null, true]}'],
    ['non-ASCII escaped', 'Café Müller', '"Caf\\u00e9 M\\u00fcller"'],
    ['astral as surrogate pair', '😀', '"\\ud83d\\ude00"'],
    ['DEL escaped', '\u007f', '"\\u007f"'],
    ['control characters', '\n\t\u0001', '"\\n\\t\\u0001"'],
    ['slash kept', 'a/b', '"a/b"'],
    ['integral float', new PythonFloat(1500), '1500.0'],
    ['float', 0.1, '0.1'],
    ['large float', new PythonFloat(1e16), '1e+16'],
    ['below 1e16', new PythonFloat(1234567890123456), '1234567890123456.0'],
    ['small float', 0.00001, '1e-05'],
    ['0.0001', 0.0001, '0.0001'],
    ['negative zero', new PythonFloat(-0), '-0.0'],
    ['NaN', Number.NaN, 'NaN'],
    ['Infinity', new PythonFloat(-Infinity), '-Infinity'],
  ];
  for (const [name, value, expected] of cases)
    it(name, () => assert.equal(pythonJsonDumps(value), expected));

  it('W5 vector', () => {
    const body = pythonJsonDumps({
      order_id: 'SO-00001',
      customer: 'Café Müller GmbH',
      total: new PythonFloat(1500),
      items: [
        { item_code: 'ITEM-001', qty: new PythonFloat(5) },
        { item_code: 'ITEM-002', qty: new PythonFloat(2) },
      ],
    });
    assert.equal(body.length, 172);
    assert.equal(
      body,
      '{"order_id": "SO-00001", "customer": "Caf\\u00e9 M\\u00fcller GmbH", "total": 1500.0, "items": [{"item_code": "ITEM-001", "qty": 5.0}, {"item_code": "ITEM-002", "qty": 2.0}]}',
    );
  });

  it('indent 1 with sorted keys (frappe.as_json)', () => {
    assert.equal(
      pythonJsonDumps(
        { customer: 'Customer A', amount: new PythonFloat(1500), e: [] },
        { indent: 1, sortKeys: true },
      ),
      '{\n "amount": 1500.0,\n "customer": "Customer A",\n "e": []\n}',
    );
  });
});
