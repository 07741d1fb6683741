import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseBool, parseCount, parseJsonOrString, requireString } from './arg-values.js';

describe('request values', () => {
  it('parses booleans the uniform way', () => {
    for (const value of ['1', 'true', 'TRUE', 'yes', 1, true])
      assert.equal(parseBool(value, 'x', false), true, String(value));
    for (const value of ['0', 'false', 'No', 0, false])
      assert.equal(parseBool(value, 'x', true), false, String(value));
    assert.equal(parseBool(undefined, 'x', true), true);
    assert.throws(() => parseBool('sometimes', 'x', true), { excType: 'ValidationError' });
  });
  it('parses counts strictly', () => {
    assert.equal(parseCount('12', 'n'), 12);
    assert.equal(parseCount(undefined, 'n'), undefined);
    for (const bad of ['1.5', '-3', 'abc', 1.5, -1, '1e3', {}])
      assert.throws(() => parseCount(bad, 'n'), { excType: 'ValidationError' });
  });
  it('keeps plain names and decodes JSON', () => {
    assert.equal(parseJsonOrString('TODO-0001'), 'TODO-0001');
    assert.deepEqual(parseJsonOrString('{"status":"Open"}'), { status: 'Open' });
    assert.equal(parseJsonOrString('[broken'), '[broken');
  });
  it('requires strings', () => {
    assert.equal(requireString(7, 'n'), '7');
    assert.throws(() => requireString('', 'doctype'), { excType: 'ValidationError' });
    assert.throws(() => requireString({}, 'doctype'), { excType: 'ValidationError' });
  });
});
