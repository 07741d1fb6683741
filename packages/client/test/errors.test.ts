import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { EXC_TYPES, encodeServerMessages, type ExcType } from '@cortado/protocol';
import {
  CortadoError,
  createFrappeError,
  ERROR_CLASSES,
  FrappeError,
  MandatoryError,
  safeDecodeServerMessages,
  ValidationError,
} from '../src/index.js';

describe('@cortado/client error classes', () => {
  it('one class per exc_type of the catalogue, extending its Frappe parent', () => {
    for (const [excType, { parent }] of Object.entries(EXC_TYPES)) {
      const error = createFrappeError({ excType, status: 0, messages: [], body: {} });
      assert.equal(error.constructor, ERROR_CLASSES[excType as ExcType]);
      assert.equal(error.name, excType);
      assert.ok(error instanceof FrappeError && error instanceof CortadoError);
      if (parent !== null)
        assert.ok(error instanceof ERROR_CLASSES[parent as ExcType], `${excType} is a ${parent}`);
    }
  });

  it('unknown exc_types take the class of their status', () => {
    const error = createFrappeError({
      excType: 'AppNotInstalledError',
      status: 417,
      messages: [],
      body: {},
    });
    assert.ok(error instanceof ValidationError);
    assert.equal(error.excType, 'AppNotInstalledError');
  });

  it('messages: HTML stripped, several joined, entities decoded', () => {
    const messages = safeDecodeServerMessages(
      encodeServerMessages([
        { message: 'Value missing for <strong>Customer</strong>' },
        { message: 'A &amp; B' },
      ]),
    );
    const error = createFrappeError({ excType: 'MandatoryError', status: 417, messages, body: {} });
    assert.ok(error instanceof MandatoryError);
    assert.equal(error.message, 'Value missing for Customer; A & B');
  });
});
