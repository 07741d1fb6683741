import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { omitNulls } from './omit-nulls.js';

describe('omitNulls', () => {
  it('drops null fields recursively and keeps falsy values', () => {
    const doc = {
      doctype: 'ToDo',
      name: 'a',
      date: null,
      zero: 0,
      empty: '',
      rows: [{ name: 'r', x: null, y: 1 }],
      list: [],
    };
    assert.deepEqual(omitNulls(doc), {
      doctype: 'ToDo',
      name: 'a',
      zero: 0,
      empty: '',
      rows: [{ name: 'r', y: 1 }],
      list: [],
    });
  });
});
