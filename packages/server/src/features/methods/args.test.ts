import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ArgType } from '../../engine/runtime/app-definition.js';
import { FrappeError } from '../../core/errors/index.js';
import { coerceArg, prepareMethodArgs } from './args.js';

const ok: Array<[ArgType, unknown, unknown]> = [
  ['int', '20', 20],
  ['int', 7, 7],
  ['float', '0.5', 0.5],
  ['bool', 'false', false],
  ['bool', '1', true],
  ['bool', 0, false],
  ['json', '[1]', [1]],
  ['json', { a: 1 }, { a: 1 }],
  ['string', 'x', 'x'],
  ['any', 3, 3],
];
const bad: Array<[ArgType, unknown]> = [
  ['int', 'abc'],
  ['int', '1.5'],
  ['float', 'NaN'],
  ['bool', 'maybe'],
  ['bool', 2],
  ['json', '{'],
  ['json', '3'],
  ['string', 5],
];

describe('coerceArg', () => {
  for (const [type, input, expected] of ok) {
    it(`${type} accepts ${JSON.stringify(input)}`, () =>
      assert.deepEqual(coerceArg('m', 'a', type, input), expected));
  }
  for (const [type, input] of bad) {
    it(`${type} rejects ${JSON.stringify(input)} with FrappeTypeError`, () =>
      assert.throws(
        () => coerceArg('m', 'a', type, input),
        (e: unknown) => e instanceof FrappeError && e.excType === 'FrappeTypeError',
      ));
  }
});

describe('prepareMethodArgs', () => {
  const method = {
    path: 'm',
    handler: () => null,
    params: { n: { type: 'int' as const, optional: true } },
  };
  it('drops plumbing keys and coerces declared params', () =>
    assert.deepEqual(
      prepareMethodArgs(method, { cmd: 'm', flags: 1, n: '3', other: 'x' }, { isGuest: false }),
      { n: 3, other: 'x' },
    ));
  it('sanitises guest markup but not plain text or JSON', () =>
    assert.deepEqual(
      prepareMethodArgs(
        method,
        { a: '<img src=x onerror=alert(1)>', b: 'a < b', c: '{"x":"<b>"}' },
        { isGuest: true },
      ),
      {
        a: '',
        b: 'a < b',
        c: '{"x":"<b>"}',
      },
    ));
});
