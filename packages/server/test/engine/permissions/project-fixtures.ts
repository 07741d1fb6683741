import type { Kysely } from 'kysely';
import type { Context } from '../../../src/engine/context.js';
import type { Site } from '../../../src/engine/site.js';
import type { Database, UnitOfWork } from '../../../src/platform/db/database.js';
import type { Meta } from '../../../src/model/meta.js';
import { getRoles } from '../../../src/engine/permissions/roles.js';
import { createAppRegistry } from '../../../src/engine/runtime/app-registry.js';
import { field, makeMeta, metaRegistry, perm } from './meta-fixtures.js';

/*
 * A small world for permission matrices: DocType Project (level-1 field
 * `budget`, Links to Company/Customer/Territory, child table Project Task),
 * users with one role setup each, and User Permission records.
 */

const link = (name: string, target: string) =>
  field(name, 'Link', { options: target, label: target });

export const projectTask = makeMeta({
  name: 'Project Task',
  istable: true,
  fields: [field('task'), link('customer', 'Customer'), field('hours', 'Float', { permlevel: 1 })],
});

export const project = makeMeta({
  name: 'Project',
  search_fields: ['title'],
  fields: [
    field('title'),
    link('company', 'Company'),
    link('customer', 'Customer'),
    link('territory', 'Territory'),
    field('reviewer', 'Link', { options: 'User', ignore_user_permissions: true }),
    field('budget', 'Currency', { permlevel: 1, default: '0' }),
    field('tasks', 'Table', { options: 'Project Task' }),
  ],
  permissions: [
    perm('Projects Manager', {
      read: true,
      write: true,
      create: true,
      delete: true,
      submit: true,
      share: true,
    }),
    perm('Projects Manager', { permlevel: 1, read: true, write: true }),
    perm('Projects User', { read: true, report: true }),
    perm('Projects User', { if_owner: true, write: true, delete: true }),
    perm('Projects User', { permlevel: 1, read: true }),
    perm('Owner Only', { if_owner: true, read: true, write: true, create: true }),
    perm('Reader', { read: true }),
    perm('Select Only', { select: true }),
  ],
});

export const territory = makeMeta({
  name: 'Territory',
  is_tree: true,
  permissions: [perm('Reader', { read: true })],
});
const simple = (name: string) => makeMeta({ name, permissions: [perm('Reader', { read: true })] });
export const systemSettings = makeMeta({ name: 'System Settings', issingle: true });

export const METAS: readonly Meta[] = [
  project,
  projectTask,
  territory,
  simple('Company'),
  simple('Customer'),
];

/** Users → roles (Has Role rows). `disabled` has a role but is disabled. */
export const USERS: Record<string, string[]> = {
  mgr: ['Projects Manager'],
  pu1: ['Projects User'],
  pu2: ['Projects User'],
  own: ['Owner Only'],
  reader: ['Reader'],
  sel: ['Select Only'],
  upc: ['Projects Manager'],
  tree: ['Reader'],
  tree2: ['Reader'],
  disabled: ['Projects Manager'],
};

/** [user, allow, for_value, applicable_for, hide_descendants] */
const USER_PERMISSIONS: [string, string, string, string | null, number][] = [
  ['reader', 'Company', 'ACME', null, 0],
  // Project.reviewer ignores User Permissions, so this must not hide anything.
  ['reader', 'User', 'nobody', null, 0],
  ['pu2', 'Company', 'ACME', null, 0],
  ['upc', 'Customer', 'C1', 'Project', 0],
  ['upc', 'Customer', 'C2', 'Sales Order', 0],
  ['tree', 'Territory', 'India', null, 0],
  ['tree2', 'Territory', 'India', null, 1],
];

export const PROJECTS = [
  {
    name: 'P1',
    owner: 'pu1',
    company: 'ACME',
    customer: 'C1',
    territory: 'Maharashtra',
    budget: 100,
  },
  { name: 'P2', owner: 'pu2', company: 'Other', customer: 'C2', territory: 'Europe', budget: 200 },
  { name: 'P3', owner: 'own', company: null, customer: 'C1', territory: null, budget: 300 },
  { name: 'P4', owner: 'own', company: 'ACME', customer: 'C2', territory: 'India', budget: 400 },
];

/** Creates the tables and rows of the world in an empty database. */
export async function seedProjectWorld(db: Database): Promise<void> {
  const k = db.kysely;
  await createTable(k, 'tabUser', ['enabled:int', 'user_type']);
  await createTable(k, 'tabRole', []);
  await createTable(k, 'tabHas Role', ['parent', 'parenttype', 'parentfield', 'role', 'idx:int']);
  await createTable(k, 'tabUser Permission', [
    'user',
    'allow',
    'for_value',
    'applicable_for',
    'apply_to_all_doctypes:int',
    'is_default:int',
    'hide_descendants:int',
  ]);
  await createTable(k, 'tabProject', [
    'owner',
    'title',
    'company',
    'customer',
    'territory',
    'reviewer',
    'budget:int',
  ]);
  await createTable(k, 'tabProject Task', [
    'owner',
    'parent',
    'parenttype',
    'parentfield',
    'idx:int',
    'task',
    'customer',
    'hours:int',
  ]);
  await createTable(k, 'tabTerritory', ['lft:int', 'rgt:int']);
  await createTable(k, 'tabSingles', ['doctype', 'field', 'value']);
  for (const [user, roles] of Object.entries(USERS)) {
    await k
      .insertInto('tabUser')
      .values({ name: user, enabled: user === 'disabled' ? 0 : 1, user_type: 'System User' })
      .execute();
    for (const [i, role] of [...roles, 'All', 'Administrator'].entries()) {
      await k
        .insertInto('tabHas Role')
        .values({
          name: `${user}-${i}`,
          parent: user,
          parenttype: 'User',
          parentfield: 'roles',
          role,
          idx: i,
        })
        .execute();
    }
  }
  for (const role of ['Projects Manager', 'Projects User', 'Owner Only', 'Reader', 'Select Only']) {
    await k.insertInto('tabRole').values({ name: role }).execute();
  }
  for (const [i, [user, allow, forValue, applicableFor, hide]] of USER_PERMISSIONS.entries()) {
    await k
      .insertInto('tabUser Permission')
      .values({
        name: `UP${i}`,
        user,
        allow,
        for_value: forValue,
        applicable_for: applicableFor,
        apply_to_all_doctypes: applicableFor === null ? 1 : 0,
        is_default: 0,
        hide_descendants: hide,
      })
      .execute();
  }
  for (const [name, lft, rgt] of [
    ['World', 1, 8],
    ['India', 2, 5],
    ['Maharashtra', 3, 4],
    ['Europe', 6, 7],
  ] as const) {
    await k.insertInto('tabTerritory').values({ name, lft, rgt }).execute();
  }
  for (const p of PROJECTS) {
    await k
      .insertInto('tabProject')
      .values({ ...p, title: `Project ${p.name}`, reviewer: 'mgr' })
      .execute();
    await k
      .insertInto('tabProject Task')
      .values({
        name: `${p.name}-T1`,
        owner: p.owner,
        parent: p.name,
        parenttype: 'Project',
        parentfield: 'tasks',
        idx: 1,
        task: 'Design',
        customer: p.customer,
        hours: 5,
      })
      .execute();
  }
}

async function createTable(k: Kysely<any>, name: string, columns: string[]): Promise<void> {
  let builder = k.schema.createTable(name).addColumn('name', 'varchar(140)', (c) => c.primaryKey());
  for (const spec of columns) {
    const [column = '', type] = spec.split(':');
    builder = builder.addColumn(column, type === 'int' ? 'integer' : 'varchar(140)');
  }
  await builder.execute();
}

/** A site over `db` and the world's DocTypes (only what permission code reads). */
export function projectSite(db: Database, metas: readonly Meta[] = METAS): Site {
  const apps = createAppRegistry([]);
  return {
    name: 'permissions.test',
    path: '',
    db,
    meta: metaRegistry(metas),
    apps,
  } as unknown as Site;
}

/** A context for `user` inside `uow`, with roles read from the database. */
export async function contextFor(
  site: Site,
  uow: UnitOfWork,
  user: string,
  flags: Context['flags'] = {},
): Promise<Context> {
  return {
    site,
    user,
    roles: await getRoles(uow, user),
    uow,
    flags,
    requestId: `test-${user}`,
    messages: [],
  };
}
