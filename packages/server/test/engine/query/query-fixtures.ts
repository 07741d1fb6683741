import type { DocTypeJson } from '@cortado/protocol';
import type { Kysely } from 'kysely';
import type { Context, ContextFlags } from '../../../src/engine/context.js';
import type { Site } from '../../../src/engine/site.js';
import { coreDocTypes } from '../../../src/model/core-doctypes/index.js';
import { createAppRegistry } from '../../../src/engine/runtime/app-registry.js';
import { createMetaRegistry } from '../../../src/model/meta-cache.js';
import { loadMeta } from '../../../src/model/load-meta.js';
import type { Meta } from '../../../src/model/meta.js';
import { syncDocTypes } from '../../../src/model/schema-sync.js';
import type { Database, DbType, UnitOfWork } from '../../../src/platform/db/database.js';
import { ensureSystemTables } from '../../../src/platform/db/system-tables.js';
import { createTestDatabase } from '../../helpers/dialects.js';

/*
 * A known dataset for list queries: 50 "QTask" rows with fixed values (some
 * NULLs on purpose), a child table "QTask Item" on the first ten, and a tree
 * DocType "QGroup" the tasks link to. Every test computes its expected answer
 * from ROWS with plain JavaScript, so the answers are known without the database.
 */

export const f = (fieldname: string, fieldtype: string, extra: Record<string, unknown> = {}) => ({
  fieldname,
  fieldtype,
  label: fieldname,
  ...extra,
});

const JSON_DEFS: DocTypeJson[] = [
  {
    name: 'QTask',
    module: 'Test',
    fields: [
      f('description', 'Small Text'),
      f('status', 'Select', { options: 'Open\nClosed\nCancelled' }),
      f('priority', 'Select', { options: 'Low\nMedium\nHigh' }),
      f('date', 'Date'),
      f('qty', 'Int'),
      f('amount', 'Currency'),
      f('done', 'Check'),
      f('group', 'Link', { options: 'QGroup' }),
      f('secret', 'Data', { permlevel: 1 }),
      f('items', 'Table', { options: 'QTask Item' }),
    ],
    permissions: [
      { role: 'Tasker', read: 1 },
      { role: 'Boss', read: 1 },
      { role: 'Boss', permlevel: 1, read: 1 },
    ],
  },
  {
    name: 'QTask Item',
    module: 'Test',
    istable: 1,
    fields: [f('item_code', 'Data'), f('qty', 'Float')],
  },
  {
    name: 'QGroup',
    module: 'Test',
    is_tree: 1,
    fields: [f('lft', 'Int'), f('rgt', 'Int'), f('parent_qgroup', 'Link', { options: 'QGroup' })],
    permissions: [{ role: 'Tasker', read: 1 }],
  },
] as unknown as DocTypeJson[];

export const METAS = JSON_DEFS.map(loadMeta);

const pad = (n: number) => String(n).padStart(2, '0');

export interface TaskRow {
  name: string;
  owner: string;
  creation: string;
  modified: string;
  description: string | null;
  status: string;
  priority: string | null;
  date: string | null;
  qty: number;
  amount: number;
  done: number;
  group: string | null;
  secret: string;
}

export const ROWS: TaskRow[] = Array.from({ length: 50 }, (_, index) => {
  const i = index + 1;
  return {
    name: `T${pad(i)}`,
    owner: i % 2 === 1 ? 'a@x.com' : 'b@x.com',
    creation: `2024-03-${pad(1 + (i % 10))} 10:00:00`,
    modified: `2024-04-01 00:00:${pad(i)}`,
    description: i % 10 === 0 ? null : i % 7 === 0 ? `URGENT fix ${i}` : `task ${i}`,
    status: ['Open', 'Closed', 'Cancelled'][i % 3] as string,
    priority: i % 5 === 0 ? null : (['Low', 'Medium', 'High', 'High'][i % 4] as string),
    date: i % 6 === 0 ? null : i <= 31 ? `2024-01-${pad(i)}` : `2024-02-${pad(i - 31)}`,
    qty: i,
    amount: i * 10.5,
    done: i % 2,
    group: [null, 'India', 'Japan', 'Europe'][i % 4] ?? null,
    secret: `s${i}`,
  };
});

export interface ItemRow {
  name: string;
  parent: string;
  item_code: string;
  qty: number;
  idx: number;
}

export const ITEMS: ItemRow[] = ROWS.slice(0, 10).flatMap((row, index) => {
  const codes = [`I${index + 1}-a`, (index + 1) % 3 === 0 ? 'SPECIAL' : `I${index + 1}-b`];
  return codes.map((code, n) => ({
    name: `${row.name}-${n}`,
    parent: row.name,
    item_code: code,
    qty: index + 1,
    idx: n + 1,
  }));
});

/** [name, lft, rgt, parent]: All ⊃ Asia ⊃ {India, Japan}, All ⊃ Europe. */
const GROUPS: [string, number, number, string | null][] = [
  ['All', 1, 10, null],
  ['Asia', 2, 7, 'All'],
  ['India', 3, 4, 'Asia'],
  ['Japan', 5, 6, 'Asia'],
  ['Europe', 8, 9, 'All'],
];

const STAMP = '2024-01-01 00:00:00';

async function seed(k: Kysely<any>): Promise<void> {
  await k
    .insertInto('tabQTask')
    .values(ROWS.map((row) => ({ ...row, modified_by: row.owner, docstatus: 0, idx: 0 })))
    .execute();
  await k
    .insertInto('tabQTask Item')
    .values(
      ITEMS.map((item) => ({
        ...item,
        parenttype: 'QTask',
        parentfield: 'items',
        owner: 'a@x.com',
        creation: STAMP,
        modified: STAMP,
        modified_by: 'a@x.com',
        docstatus: 0,
      })),
    )
    .execute();
  await k
    .insertInto('tabQGroup')
    .values(
      GROUPS.map(([name, lft, rgt, parent]) => ({
        name,
        lft,
        rgt,
        parent_qgroup: parent,
        owner: 'a@x.com',
        creation: STAMP,
        modified: STAMP,
        modified_by: 'a@x.com',
        docstatus: 0,
        idx: 0,
      })),
    )
    .execute();
}

/** A database with the dataset, and a way to run queries as a user. */
export interface QueryWorld {
  readonly site: Site;
  readonly db: Database;
  /** Runs `fn` in a read-only unit of work as `user` with `roles`. */
  as<T>(
    user: string,
    roles: readonly string[],
    fn: (ctx: Context) => Promise<T>,
    flags?: ContextFlags,
  ): Promise<T>;
  drop(): Promise<void>;
}

export function createQueryWorld(type: DbType): Promise<QueryWorld> {
  return createWorldOf(type, METAS, seed);
}

/** A world of any DocTypes (beside the core ones), filled by `fill`. */
export async function createWorldOf(
  type: DbType,
  own: readonly Meta[],
  fill: (k: Kysely<any>) => Promise<void>,
): Promise<QueryWorld> {
  const test = await createTestDatabase(type);
  // Core DocTypes (User Permission, System Settings, …) back the permission checks.
  const metas = [...coreDocTypes().map(loadMeta), ...own];
  await ensureSystemTables(test.db);
  await syncDocTypes(test.db, metas);
  await fill(test.db.kysely);
  const site = {
    name: 'query.test',
    path: test.sitePath,
    config: test.config,
    db: test.db,
    meta: createMetaRegistry(metas),
    apps: createAppRegistry([]),
  } as unknown as Site;
  return {
    site,
    db: test.db,
    as: (user, roles, fn, flags = {}) =>
      test.db.transaction((uow: UnitOfWork) => fn(contextOf(site, uow, user, roles, flags)), {
        readOnly: true,
      }),
    drop: () => test.drop(),
  };
}

function contextOf(
  site: Site,
  uow: UnitOfWork,
  user: string,
  roles: readonly string[],
  flags: ContextFlags,
): Context {
  return {
    site,
    user,
    roles: new Set([...roles, 'All', 'Guest']),
    uow,
    flags,
    requestId: 'query-test',
  };
}

/** Names of ROWS matching `predicate`, sorted. */
export function namesWhere(predicate: (row: TaskRow) => boolean): string[] {
  return ROWS.filter(predicate)
    .map((row) => row.name)
    .sort();
}
