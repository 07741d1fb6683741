import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  DuplicateEntryError,
  MandatoryError,
  QueryDeadlockError,
  QueryTimeoutError,
  UniqueValidationError,
} from '../../core/errors/index.js';
import { translateMariadbError } from './mariadb/translate-error.js';
import { translatePostgresError } from './postgres/translate-error.js';
import { translateSqliteError } from './sqlite/translate-error.js';

/** Driver errors shaped as each driver throws them (lock and deadlock cases are hard to provoke on demand). */
const sqlite = (code: string, message: string) => Object.assign(new Error(message), { code });
const pg = (code: string, fields: object = {}) =>
  Object.assign(new Error('pg'), { code, severity: 'ERROR', ...fields });
const mysql = (errno: number, sqlMessage: string) =>
  Object.assign(new Error(sqlMessage), { errno, sqlState: 'HY000', sqlMessage });

const CASES: ReadonlyArray<
  readonly [
    string,
    (e: unknown) => unknown,
    Error,
    abstract new (...args: never[]) => Error,
    string?,
  ]
> = [
  [
    'sqlite pk',
    translateSqliteError,
    sqlite('SQLITE_CONSTRAINT_PRIMARYKEY', 'UNIQUE constraint failed: tabNote.name'),
    DuplicateEntryError,
    'name',
  ],
  [
    'sqlite unique',
    translateSqliteError,
    sqlite('SQLITE_CONSTRAINT_UNIQUE', 'UNIQUE constraint failed: tabNote.code'),
    UniqueValidationError,
    'code',
  ],
  [
    'sqlite not null',
    translateSqliteError,
    sqlite('SQLITE_CONSTRAINT_NOTNULL', 'NOT NULL constraint failed: tabNote.title'),
    MandatoryError,
    'title',
  ],
  [
    'sqlite busy',
    translateSqliteError,
    sqlite('SQLITE_BUSY', 'database is locked'),
    QueryTimeoutError,
  ],
  [
    'sqlite busy snapshot',
    translateSqliteError,
    sqlite('SQLITE_BUSY_SNAPSHOT', 'database is locked'),
    QueryTimeoutError,
  ],
  [
    'pg pk',
    translatePostgresError,
    pg('23505', { constraint: 'tabNote_pkey', detail: 'Key (name)=(a) already exists.' }),
    DuplicateEntryError,
    'name',
  ],
  [
    'pg unique',
    translatePostgresError,
    pg('23505', { constraint: 'tabNote_code', detail: 'Key (code)=(a) already exists.' }),
    UniqueValidationError,
    'code',
  ],
  [
    'pg not null',
    translatePostgresError,
    pg('23502', { column: 'title' }),
    MandatoryError,
    'title',
  ],
  ['pg deadlock', translatePostgresError, pg('40P01'), QueryDeadlockError],
  ['pg lock timeout', translatePostgresError, pg('55P03'), QueryTimeoutError],
  ['pg statement timeout', translatePostgresError, pg('57014'), QueryTimeoutError],
  [
    'mariadb pk',
    translateMariadbError,
    mysql(1062, "Duplicate entry 'a' for key 'PRIMARY'"),
    DuplicateEntryError,
  ],
  [
    'mariadb unique',
    translateMariadbError,
    mysql(1062, "Duplicate entry 'a' for key 'tabNote_code'"),
    UniqueValidationError,
    'code',
  ],
  [
    'mariadb not null',
    translateMariadbError,
    mysql(1048, "Column 'title' cannot be null"),
    MandatoryError,
    'title',
  ],
  [
    'mariadb no default',
    translateMariadbError,
    mysql(1364, "Field 'title' doesn't have a default value"),
    MandatoryError,
    'title',
  ],
  [
    'mariadb deadlock',
    translateMariadbError,
    mysql(1213, 'Deadlock found when trying to get lock'),
    QueryDeadlockError,
  ],
  [
    'mariadb lock wait',
    translateMariadbError,
    mysql(1205, 'Lock wait timeout exceeded'),
    QueryTimeoutError,
  ],
];

describe('translate-error', () => {
  for (const [label, translate, driverError, expected, mentions] of CASES) {
    it(`${label} → ${expected.name}`, () => {
      const translated = translate(driverError);
      assert.ok(translated instanceof expected, String(translated));
      assert.equal((translated as Error).cause, driverError);
      if (mentions !== undefined) assert.match((translated as Error).message, new RegExp(mentions));
    });
  }

  it('passes unknown and foreign errors through unchanged', () => {
    const errors = [
      new Error('plain'),
      sqlite('SQLITE_ERROR', 'syntax'),
      pg('42P01'),
      mysql(1146, 'no table'),
      'text',
      null,
    ];
    for (const translate of [translateSqliteError, translatePostgresError, translateMariadbError]) {
      for (const error of errors) assert.equal(translate(error), error);
    }
  });
});
