import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ValidationError } from '../../core/errors/index.js';
import { relativeTimespan, timespanRange } from './timespan.js';

// Wednesday 2024-03-13 (a leap year, so February has 29 days).
const TODAY = new Date(2024, 2, 13);

const RANGES: [string, [string, string]][] = [
  ['yesterday', ['2024-03-12', '2024-03-12']],
  ['today', ['2024-03-13', '2024-03-13']],
  ['tomorrow', ['2024-03-14', '2024-03-14']],
  ['this week', ['2024-03-10', '2024-03-16']],
  ['last week', ['2024-03-03', '2024-03-09']],
  ['next week', ['2024-03-17', '2024-03-23']],
  ['this month', ['2024-03-01', '2024-03-31']],
  ['last month', ['2024-02-01', '2024-02-29']],
  ['next month', ['2024-04-01', '2024-04-30']],
  ['this quarter', ['2024-01-01', '2024-03-31']],
  ['last quarter', ['2023-10-01', '2023-12-31']],
  ['next quarter', ['2024-04-01', '2024-06-30']],
  ['last 6 months', ['2023-09-01', '2024-02-29']],
  ['next 6 months', ['2024-04-01', '2024-09-30']],
  ['this year', ['2024-01-01', '2024-12-31']],
  ['Last  Year', ['2023-01-01', '2023-12-31']],
  ['next year', ['2025-01-01', '2025-12-31']],
  ['last 7 days', ['2024-03-06', '2024-03-13']],
  ['next 30 days', ['2024-03-13', '2024-04-12']],
  ['last 1 day', ['2024-03-12', '2024-03-13']],
  ['last 2 weeks', ['2024-02-28', '2024-03-13']],
  ['last 3 months', ['2023-12-13', '2024-03-13']],
  ['next 1 year', ['2024-03-13', '2025-03-13']],
];

test('a rolling month from the 31st ends on the last day of a shorter month', () =>
  assert.deepEqual(timespanRange('last 1 month', new Date(2024, 2, 31)), [
    '2024-02-29',
    '2024-03-31',
  ]));

for (const [keyword, range] of RANGES) {
  test(`timespan ${keyword}`, () => assert.deepEqual(timespanRange(keyword, TODAY), range));
}

test('previous/next map to timespan keywords', () => {
  assert.equal(relativeTimespan('previous', '3 months'), 'last quarter');
  assert.equal(relativeTimespan('next', '1 week'), 'next week');
  assert.throws(() => relativeTimespan('next', '2 weeks'), ValidationError);
});

test('unknown keywords are rejected', () => {
  for (const bad of [
    'forever',
    'this 6 months',
    'last 99999 days',
    'last -7 days',
    'this 7 days',
    42,
    null,
  ])
    assert.throws(() => timespanRange(bad, TODAY), ValidationError);
});
