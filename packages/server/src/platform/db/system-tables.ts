import type { Database, TableSpec } from './database.js';
import { ensureAuthTable } from './auth-table.js';
import { syncTable } from './sync-table.js';
import { ensureUserSettingsTable } from './user-settings-table.js';

/** Naming-series counters, one row per prefix (docs/spec/document-model.md §3.5). */
const SERIES: TableSpec = {
  name: 'tabSeries',
  columns: [
    { name: 'name', type: 'varchar', length: 100, primaryKey: true },
    { name: 'current', type: 'bigint', notNull: true, defaultValue: 0 },
  ],
  indexes: [],
};

/** Values of Single DocTypes, one row per field (docs/spec/document-model.md §3.4). */
const SINGLES: TableSpec = {
  name: 'tabSingles',
  columns: [
    { name: 'doctype', type: 'varchar', length: 255 },
    { name: 'field', type: 'varchar', length: 255 },
    { name: 'value', type: 'longtext' },
  ],
  indexes: [{ name: 'singles_doctype_field', columns: ['doctype', 'field'] }],
};

/**
 * Creates the framework tables that exist before any DocType: `tabSeries`,
 * `tabSingles`, `__Auth` (every DocType may have Password fields) and
 * `__UserSettings` (what the desk remembers per user and DocType). Safe to
 * run on every migrate.
 */
export async function ensureSystemTables(db: Database): Promise<void> {
  for (const spec of [SERIES, SINGLES]) await syncTable(db, spec);
  await ensureAuthTable(db);
  await ensureUserSettingsTable(db);
}
