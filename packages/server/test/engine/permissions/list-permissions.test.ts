import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Context } from '../../../src/engine/context.js';
import type { Site } from '../../../src/engine/site.js';
import { applyListPermissions, hasPermission } from '../../../src/engine/permissions/index.js';
import type { ListPermissionOptions } from '../../../src/engine/permissions/index.js';
import { PermissionError } from '../../../src/core/errors/index.js';
import { createTestDatabase, DIALECTS } from '../../helpers/dialects.js';
import {
  contextFor,
  METAS,
  project,
  projectSite,
  projectTask,
  seedProjectWorld,
  systemSettings,
} from './project-fixtures.js';

/** Names of Project rows each user's list returns; `null` = PermissionError. */
const LIST_MATRIX: Record<string, string | null> = {
  Administrator: 'P1 P2 P3 P4',
  mgr: 'P1 P2 P3 P4',
  pu1: 'P1 P2 P3 P4',
  pu2: 'P1 P3 P4',
  own: 'P3 P4',
  reader: 'P1 P3 P4',
  sel: 'P1 P2 P3 P4',
  upc: 'P1 P3',
  tree: 'P1 P3 P4',
  tree2: 'P3 P4',
  disabled: null,
  Guest: null,
};

/** Parent names of Project Task rows listed with `parent=Project`. */
const CHILD_LIST_MATRIX: Record<string, string | null> = {
  mgr: 'P1 P2 P3 P4',
  own: 'P3 P4',
  reader: 'P1 P3 P4',
  sel: null,
  Guest: null,
};

async function listNames(
  ctx: Context,
  doctype: string,
  options: ListPermissionOptions = {},
  column = 'name',
): Promise<string | null> {
  const meta = ctx.site.meta.getMeta(doctype);
  try {
    const query = await applyListPermissions(
      ctx,
      meta,
      ctx.uow.db.selectFrom(meta.tableName).select(column),
      options,
    );
    const rows = await query.execute();
    return rows
      .map((row) => String(row[column]))
      .sort()
      .join(' ');
  } catch (error) {
    if (error instanceof PermissionError) return null;
    throw error;
  }
}

for (const dialect of DIALECTS) {
  describe(`list permissions (${dialect})`, () => {
    let site: Site;
    let drop: () => Promise<void>;
    before(async () => {
      const testDb = await createTestDatabase(dialect);
      drop = testDb.drop;
      await seedProjectWorld(testDb.db);
      site = projectSite(testDb.db);
    });
    after(() => drop());

    const asUser = <T>(user: string, fn: (ctx: Context) => Promise<T>, s: Site = site) =>
      s.db.transaction(async (uow) => fn(await contextFor(s, uow, user)));

    for (const [user, expected] of Object.entries(LIST_MATRIX)) {
      test(`Project list: ${user}`, () =>
        asUser(user, async (ctx) => {
          assert.equal(await listNames(ctx, 'Project'), expected);
          // The list must agree with the per-document check.
          if (expected === null || user === 'sel') return;
          const readable = [];
          for (const name of ['P1', 'P2', 'P3', 'P4']) {
            const row = await ctx.uow.db
              .selectFrom('tabProject')
              .selectAll()
              .where('name', '=', name)
              .executeTakeFirstOrThrow();
            if (await hasPermission(ctx, 'Project', 'read', { ...row, doctype: 'Project' }))
              readable.push(name);
          }
          assert.equal(readable.join(' '), expected);
        }));
    }

    for (const [user, expected] of Object.entries(CHILD_LIST_MATRIX)) {
      test(`Project Task list with parent=Project: ${user}`, () =>
        asUser(user, async (ctx) =>
          assert.equal(
            await listNames(ctx, 'Project Task', { parent: 'Project' }, 'parent'),
            expected,
          ),
        ));
    }

    test('child list needs a parent that holds the table', () =>
      asUser('mgr', async (ctx) => {
        await assert.rejects(
          applyListPermissions(
            ctx,
            projectTask,
            ctx.uow.db.selectFrom('tabProject Task').selectAll(),
          ),
          {
            message: 'Please specify a valid parent DocType for Project Task',
          },
        );
        await assert.rejects(
          applyListPermissions(
            ctx,
            projectTask,
            ctx.uow.db.selectFrom('tabProject Task').selectAll(),
            { parent: 'Customer' },
          ),
          { message: 'Customer is not a valid parent DocType for Project Task' },
        );
      }));

    test('a table alias is honoured', () =>
      asUser('own', async (ctx) => {
        const query = await applyListPermissions(
          ctx,
          project,
          ctx.uow.db.selectFrom('tabProject as p').select('p.name'),
          {
            tableAlias: 'p',
          },
        );
        assert.deepEqual((await query.execute()).map((r) => r.name).sort(), ['P3', 'P4']);
      }));

    test('no read right: "No permission to read"', () =>
      asUser('Guest', async (ctx) => {
        await assert.rejects(
          applyListPermissions(ctx, project, ctx.uow.db.selectFrom('tabProject').selectAll()),
          {
            message: 'No permission to read Project',
          },
        );
      }));

    test('strict user permissions drop empty Link values', async () => {
      await site.db.kysely
        .insertInto('tabSingles')
        .values({
          name: 'ss1',
          doctype: 'System Settings',
          field: 'apply_strict_user_permissions',
          value: '1',
        })
        .execute();
      const strictSite = projectSite(site.db, [...METAS, systemSettings]);
      await asUser(
        'reader',
        async (ctx) => {
          assert.equal(await listNames(ctx, 'Project'), 'P1 P4');
          const p3 = await ctx.uow.db
            .selectFrom('tabProject')
            .selectAll()
            .where('name', '=', 'P3')
            .executeTakeFirstOrThrow();
          assert.equal(
            await hasPermission(ctx, 'Project', 'read', { ...p3, doctype: 'Project' }),
            false,
          );
        },
        strictSite,
      );
    });

    test('child rows are judged through their parent document', () =>
      asUser('own', async (ctx) => {
        const rows = await ctx.uow.db
          .selectFrom('tabProject Task')
          .selectAll()
          .orderBy('parent')
          .execute();
        const readable = [];
        for (const row of rows)
          if (await hasPermission(ctx, 'Project Task', 'read', { ...row, doctype: 'Project Task' }))
            readable.push(row.parent);
        assert.deepEqual(readable, ['P3', 'P4']);
        const forged = { ...rows[2]!, doctype: 'Project Task', parentfield: 'other' };
        assert.equal(await hasPermission(ctx, 'Project Task', 'read', forged), false);
        assert.equal(await hasPermission(ctx, 'Project Task', 'read'), false);
        assert.equal(
          await hasPermission(ctx, 'Project Task', 'read', undefined, { parentDoctype: 'Project' }),
          true,
        );
        assert.equal(
          await hasPermission(ctx, 'Project Task', 'read', undefined, {
            parentDoctype: 'Customer',
          }),
          false,
        );
      }));
  });
}
