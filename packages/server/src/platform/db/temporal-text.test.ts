import assert from 'node:assert/strict';
import { it } from 'node:test';
import { normalizeTemporalText } from './temporal-text.js';

it('brings datetime and time text to Frappe wire form', () => {
  const cases: ReadonlyArray<readonly [string, string]> = [
    ['2024-03-05 14:07:09', '2024-03-05 14:07:09'],
    ['2024-03-05 14:07:09.000000', '2024-03-05 14:07:09'],
    ['2024-03-05 14:07:09.1', '2024-03-05 14:07:09.100000'],
    ['2024-03-05 14:07:09.123456', '2024-03-05 14:07:09.123456'],
    ['09:05:00.5', '09:05:00.500000'],
    ['09:05:00.000000', '09:05:00'],
    ['2024-03-05 14:07:09.1+00', '2024-03-05 14:07:09.1+00'],
  ];
  for (const [input, expected] of cases)
    assert.equal(normalizeTemporalText(input), expected, input);
});
