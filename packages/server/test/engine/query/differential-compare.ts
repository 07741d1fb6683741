import assert from 'node:assert/strict';
import fc from 'fast-check';
import { FrappeError } from '../../../src/core/errors/index.js';
import { DIALECTS } from '../../helpers/dialects.js';

/*
 * What the differential tests share: the text values that tell databases
 * apart, the `like` patterns every database treats alike, and the
 * comparison of one query's outcome on every database.
 */

/** Short strings plus the cases collations disagree on: case, accents, combining marks, wildcards. */
export const text = fc.oneof(
  fc.string({ maxLength: 8 }),
  fc.constantFrom(
    '',
    ' ',
    'task',
    'Task',
    'TASK',
    'ünï',
    'über',
    'Ubër',
    '☕ coffee',
    '名前',
    '🍵 tea',
    '%',
    '_x',
    "o'neil",
    'a\\b',
    'é',
    'e\u0301',
  ),
);

/**
 * `like` patterns of ASCII letters without accented relatives in the data
 * (docs/query-language.md, "Databases differ": beyond ASCII, `like` ignores
 * case on PostgreSQL and MariaDB only).
 */
export const PATTERNS = ['%sk%', 'T%', '%☕%', '%名%', '%', '_', '%TASK%', '%b%', '%1', null];

/** One database's answer to a query: its rows, or the error it raised. */
export type Outcome = { rows: unknown } | { error: string };

export async function outcome(fn: () => Promise<unknown>): Promise<Outcome> {
  try {
    return { rows: await fn() };
  } catch (error) {
    if (error instanceof FrappeError) return { error: `${error.excType}: ${error.message}` };
    return { error: `database error: ${String((error as Error).message).slice(0, 200)}` };
  }
}

/** Rows compared as a multiset, for answers whose order no database specifies (groups). */
export function byKey(rows: unknown): unknown {
  return Array.isArray(rows) ? [...rows].map((row) => JSON.stringify(row)).sort() : rows;
}

/**
 * Compares the outcomes of one query on the databases of `DIALECTS`, in
 * that order: all must equal the first, and none may be a database error
 * (a query the engine should have refused or written differently).
 */
export function createComparer(): {
  compare(label: string, outcomes: Outcome[], normalize?: (rows: unknown) => unknown): void;
  readonly disagreements: number;
} {
  let disagreements = 0;
  return {
    get disagreements() {
      return disagreements;
    },
    compare(label, outcomes, normalize = (rows) => rows) {
      const [first, ...rest] = outcomes.map((o) => ('rows' in o ? { rows: normalize(o.rows) } : o));
      for (const [i, other] of rest.entries()) {
        if (JSON.stringify(other) !== JSON.stringify(first)) disagreements += 1;
        assert.deepEqual(
          other,
          first,
          `${label}: ${DIALECTS[i + 1]} disagrees with ${DIALECTS[0]}`,
        );
      }
      for (const o of outcomes)
        assert.ok(
          !('error' in o) || !o.error.startsWith('database error'),
          `${label}: ${JSON.stringify(o)}`,
        );
    },
  };
}
