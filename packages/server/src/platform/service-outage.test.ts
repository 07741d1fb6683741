import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isServiceOutage } from './service-outage.js';

const coded = (code: string, message = 'x') => Object.assign(new Error(message), { code });

test('socket failures, PostgreSQL shutdown states and lost MariaDB connections are outages', () => {
  for (const code of [
    'ECONNREFUSED',
    'ECONNRESET',
    '57P01',
    '57P03',
    '08006',
    'PROTOCOL_CONNECTION_LOST',
  ])
    assert.equal(isServiceOutage(coded(code)), true, code);
});

test("drivers' uncoded messages for a dropped connection are outages", () => {
  for (const message of [
    'Connection terminated unexpectedly',
    'Client has encountered a connection error and is not queryable',
    'Connection is closed.',
    'Reached the max retries per request limit (which is 2). Refer to "maxRetriesPerRequest" option for details.',
  ])
    assert.equal(isServiceOutage(new Error(message)), true, message);
});

test('an outage wrapped as a cause or inside an AggregateError is found', () => {
  assert.equal(isServiceOutage(new Error('query failed', { cause: coded('ECONNREFUSED') })), true);
  assert.equal(isServiceOutage(new AggregateError([coded('ECONNREFUSED')], 'connect')), true);
});

test('query errors, bugs and non-errors are not outages', () => {
  for (const error of [
    coded('23505'),
    coded('ER_DUP_ENTRY'),
    new TypeError('x is undefined'),
    null,
    'ECONNREFUSED',
    42,
  ])
    assert.equal(isServiceOutage(error), false, String(error));
});
