import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Site } from '../../../src/engine/site.js';
import type { PermissionType } from '../../../src/model/meta.js';
import {
  checkPermission,
  getDocPermissions,
  hasPermission,
} from '../../../src/engine/permissions/index.js';
import { PermissionError } from '../../../src/core/errors/index.js';
import { createTestDatabase, DIALECTS } from '../../helpers/dialects.js';
import { contextFor, PROJECTS, projectSite, seedProjectWorld } from './project-fixtures.js';

type Expect = Partial<Record<PermissionType, string>>;

/*
 * Which projects each user may read/write/delete (see project-fixtures.ts).
 * One role setup per row: plain rights, if-owner, owner-only, User
 * Permissions (plain, applicable_for, tree), select-only, disabled user.
 */
const DOC_MATRIX: Record<string, Expect> = {
  Administrator: {
    read: 'P1 P2 P3 P4',
    write: 'P1 P2 P3 P4',
    delete: 'P1 P2 P3 P4',
    submit: 'P1 P2 P3 P4',
  },
  mgr: {
    read: 'P1 P2 P3 P4',
    write: 'P1 P2 P3 P4',
    delete: 'P1 P2 P3 P4',
    submit: '',
    create: 'P1 P2 P3 P4',
  },
  pu1: { read: 'P1 P2 P3 P4', write: 'P1', delete: 'P1', create: '', share: '' },
  // Company ACME only; P2 is its own but fails the User Permission: only if-owner rights survive.
  pu2: { read: 'P1 P3 P4', write: 'P2', delete: 'P2', create: '' },
  own: { read: 'P3 P4', write: 'P3 P4', create: 'P1 P2 P3 P4', delete: '' },
  reader: { read: 'P1 P3 P4', write: '', select: 'P1 P3 P4' },
  sel: { read: '', select: 'P1 P2 P3 P4', write: '' },
  upc: { read: 'P1 P3', write: 'P1 P3' },
  tree: { read: 'P1 P3 P4' },
  tree2: { read: 'P3 P4' },
  disabled: { read: '', write: '' },
  Guest: { read: '', select: '' },
};

/** DocType-level answers (no document). */
const DOCTYPE_MATRIX: Record<string, Expect> = {
  mgr: { read: 'y', write: 'y', create: 'y', submit: '', cancel: '', amend: '' },
  pu1: { read: 'y', write: '', delete: '', create: '', report: 'y' },
  own: { read: 'y', select: 'y', write: '', create: 'y' },
  sel: { read: '', select: 'y' },
  disabled: { read: '', select: '' },
  Guest: { read: '' },
  Administrator: { read: 'y', submit: 'y', import: 'y' },
};

for (const dialect of DIALECTS) {
  describe(`permission matrix (${dialect})`, () => {
    let site: Site;
    let drop: () => Promise<void>;
    before(async () => {
      const testDb = await createTestDatabase(dialect);
      drop = testDb.drop;
      await seedProjectWorld(testDb.db);
      site = projectSite(testDb.db);
    });
    after(() => drop());

    const asUser = <T>(
      user: string,
      fn: (ctx: Awaited<ReturnType<typeof contextFor>>) => Promise<T>,
    ) => site.db.transaction(async (uow) => fn(await contextFor(site, uow, user)));

    for (const [user, expectations] of Object.entries(DOC_MATRIX)) {
      test(`documents: ${user}`, () =>
        asUser(user, async (ctx) => {
          for (const [ptype, names] of Object.entries(expectations) as [PermissionType, string][]) {
            const granted: string[] = [];
            for (const p of PROJECTS)
              if (await hasPermission(ctx, 'Project', ptype, { doctype: 'Project', ...p }))
                granted.push(p.name);
            assert.equal(granted.join(' '), names, `${user} ${ptype}`);
          }
        }));
    }

    for (const [user, expectations] of Object.entries(DOCTYPE_MATRIX)) {
      test(`DocType: ${user}`, () =>
        asUser(user, async (ctx) => {
          for (const [ptype, yes] of Object.entries(expectations) as [PermissionType, string][]) {
            assert.equal(
              await hasPermission(ctx, 'Project', ptype),
              yes === 'y',
              `${user} ${ptype}`,
            );
          }
        }));
    }

    test('ignorePermissions bypasses every rule', () =>
      site.db.transaction(async (uow) => {
        const ctx = await contextFor(site, uow, 'Guest', { ignorePermissions: true });
        assert.equal(
          await hasPermission(ctx, 'Project', 'delete', { doctype: 'Project', ...PROJECTS[1]! }),
          true,
        );
      }));

    test('checkPermission throws Frappe texts and queues the reason', () =>
      asUser('pu1', async (ctx) => {
        const p2 = { doctype: 'Project', ...PROJECTS[1]! };
        await assert.rejects(checkPermission(ctx, 'Project', 'write', p2), (error: unknown) => {
          assert.ok(error instanceof PermissionError);
          assert.equal(
            error.message,
            'Insufficient Permission for Project (<strong>write</strong>)',
          );
          assert.equal(error.status, 403);
          return true;
        });
        await assert.rejects(checkPermission(ctx, 'Project', 'create'), {
          message: 'Insufficient Permission for Project',
        });
        await checkPermission(ctx, 'Project', 'write', { doctype: 'Project', ...PROJECTS[0]! });
        assert.match(
          ctx.messages?.[0]?.message ?? '',
          /does not have doctype access via role permission/,
        );
      }));

    test('a User Permission failure is explained', () =>
      asUser('reader', async (ctx) => {
        await assert.rejects(
          checkPermission(ctx, 'Project', 'read', { doctype: 'Project', ...PROJECTS[1]! }),
          PermissionError,
        );
        assert.equal(
          ctx.messages?.[0]?.message,
          "You are not allowed to access this Project record because it is linked to Company 'Other' in field Company",
        );
      }));

    test('Link values of child rows are checked too', () =>
      asUser('upc', async (ctx) => {
        const task = { doctype: 'Project Task', idx: 1, customer: 'C2' };
        const p1 = { doctype: 'Project', ...PROJECTS[0]!, tasks: [task] };
        await assert.rejects(checkPermission(ctx, 'Project', 'read', p1), PermissionError);
        assert.equal(
          ctx.messages?.[0]?.message,
          "You are not allowed to access this Project record because it is linked to Customer 'C2' in row 1, field Customer",
        );
        assert.equal(
          await hasPermission(ctx, 'Project', 'read', {
            ...p1,
            tasks: [{ ...task, customer: 'C1' }],
          }),
          true,
        );
      }));

    test('getDocPermissions returns 0/1 flags', () =>
      asUser('pu2', async (ctx) => {
        const flags = await getDocPermissions(ctx, 'Project', {
          doctype: 'Project',
          ...PROJECTS[1]!,
        });
        assert.deepEqual(
          {
            read: flags.read,
            write: flags.write,
            delete: flags.delete,
            create: flags.create,
            select: flags.select,
          },
          { read: 0, write: 1, delete: 1, create: 0, select: 0 },
        );
        const admin = await getDocPermissions({ ...ctx, user: 'Administrator' }, 'Project', {
          doctype: 'Project',
        });
        assert.equal(
          Object.values(admin).every((v) => v === 1),
          true,
        );
      }));
  });
}
