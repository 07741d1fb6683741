import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Context } from '../../../src/engine/context.js';
import type { Site } from '../../../src/engine/site.js';
import {
  getPermittedFields,
  getRolePermissions,
  filterReadable,
  resetUnwritableFields,
} from '../../../src/engine/permissions/index.js';
import {
  CHILD_FIELDNAMES,
  OPTIONAL_FIELDNAMES,
  STANDARD_FIELDNAMES,
} from '../../../src/model/standard-fieldnames.js';
import { makeMeta, metaRegistry, perm } from './meta-fixtures.js';
import { METAS, project, projectTask } from './project-fixtures.js';

/* Rules that need no database: roles come from the context, rows from the Meta. */

function ctxWith(roles: string[], user = 'u1', flags: Context['flags'] = {}): Context {
  const site = { meta: metaRegistry(METAS) } as unknown as Site;
  return { site, user, roles: new Set(roles), uow: undefined as never, flags, requestId: 't' };
}

const STANDARD = [...STANDARD_FIELDNAMES, ...OPTIONAL_FIELDNAMES];
const LEVEL0 = ['title', 'company', 'customer', 'territory', 'reviewer'];

describe('getPermittedFields', () => {
  const cases: [string, string[], 'read' | 'write', string[]][] = [
    ['manager reads every level', ['Projects Manager'], 'read', [...STANDARD, ...LEVEL0, 'budget']],
    ['projects user reads level 1', ['Projects User'], 'read', [...STANDARD, ...LEVEL0, 'budget']],
    ['reader has level 0 only', ['Reader'], 'read', [...STANDARD, ...LEVEL0]],
    ['select-only sees name and search fields', ['Select Only'], 'read', ['name', 'title']],
    ['no role: nothing', ['Guest'], 'read', []],
    ['projects user cannot write level 1', ['Projects User'], 'write', [...STANDARD, ...LEVEL0]],
  ];
  for (const [title, roles, ptype, expected] of cases) {
    test(title, () =>
      assert.deepEqual(getPermittedFields(ctxWith(roles), project, ptype), expected),
    );
  }

  test('Administrator and ignorePermissions get every column', () => {
    assert.ok(getPermittedFields(ctxWith([], 'Administrator'), project, 'read').includes('budget'));
    assert.ok(
      getPermittedFields(ctxWith([], 'u1', { ignorePermissions: true }), project, 'write').includes(
        'budget',
      ),
    );
  });

  test('child DocTypes use the parent rows', () => {
    const child = [...STANDARD_FIELDNAMES, ...CHILD_FIELDNAMES];
    assert.deepEqual(getPermittedFields(ctxWith(['Reader']), projectTask, 'read', project), [
      ...child,
      'task',
      'customer',
    ]);
    assert.deepEqual(getPermittedFields(ctxWith(['Reader']), projectTask, 'read'), []);
  });
});

describe('resetUnwritableFields', () => {
  const stored = {
    doctype: 'Project',
    name: 'P1',
    budget: 100,
    title: 'old',
    tasks: [{ doctype: 'Project Task', name: 'T1', task: 'a', hours: 5 }],
  };
  const incoming = {
    doctype: 'Project',
    name: 'P1',
    budget: 999,
    title: 'new',
    tasks: [
      { doctype: 'Project Task', name: 'T1', task: 'b', hours: 50 },
      { doctype: 'Project Task', task: 'c', hours: 7 },
    ],
  };

  test('keeps stored values at levels the user cannot write', () => {
    const result = resetUnwritableFields(ctxWith(['Projects User']), project, incoming, stored);
    assert.equal(result.budget, 100);
    assert.equal(result.title, 'new');
    assert.deepEqual(result.tasks, [
      { doctype: 'Project Task', name: 'T1', task: 'b', hours: 5 },
      { doctype: 'Project Task', task: 'c', hours: null },
    ]);
  });

  test('new documents get the default; their child rows are left alone', () => {
    const result = resetUnwritableFields(ctxWith(['Projects User']), project, incoming, null);
    assert.equal(result.budget, '0');
    assert.deepEqual(result.tasks, incoming.tasks);
  });

  test('writers at the level keep what they send', () => {
    assert.deepEqual(
      resetUnwritableFields(ctxWith(['Projects Manager']), project, incoming, stored),
      incoming,
    );
    assert.deepEqual(
      resetUnwritableFields(ctxWith([], 'Administrator'), project, incoming, stored),
      incoming,
    );
  });
});

describe('filterReadable', () => {
  const doc = {
    doctype: 'Project',
    name: 'P1',
    title: 't',
    budget: 5,
    tasks: [{ doctype: 'Project Task', name: 'T1', task: 'a', hours: 3 }],
  };

  test('drops keys at unreadable levels, in child rows too', () => {
    assert.deepEqual(filterReadable(ctxWith(['Reader']), doc), {
      doctype: 'Project',
      name: 'P1',
      title: 't',
      tasks: [{ doctype: 'Project Task', name: 'T1', task: 'a' }],
    });
  });

  test('readers of the level and Administrator see everything', () => {
    assert.deepEqual(filterReadable(ctxWith(['Projects User']), doc), doc);
    assert.deepEqual(filterReadable(ctxWith([], 'Administrator'), doc), doc);
  });

  test('finds documents anywhere in a payload and leaves other values alone', () => {
    const payload = { result: 'ok', docs: [doc], nested: { doc }, count: 2 };
    const filtered = filterReadable(ctxWith(['Reader']), payload);
    assert.equal(filtered.result, 'ok');
    assert.equal(filtered.count, 2);
    for (const seen of [filtered.docs[0], filtered.nested.doc]) {
      assert.equal(seen?.budget, undefined);
      assert.deepEqual(seen?.tasks, [{ doctype: 'Project Task', name: 'T1', task: 'a' }]);
    }
    assert.equal(doc.budget, 5, 'the input is not changed');
  });

  test('a child row on its own is judged through its parenttype, or keeps level 0 only', () => {
    const row = { doctype: 'Project Task', name: 'T1', task: 'a', hours: 3 };
    assert.deepEqual(filterReadable(ctxWith(['Reader']), { ...row, parenttype: 'Project' }), {
      doctype: 'Project Task',
      name: 'T1',
      task: 'a',
      parenttype: 'Project',
    });
    assert.deepEqual(filterReadable(ctxWith(['Projects User']), row), {
      doctype: 'Project Task',
      name: 'T1',
      task: 'a',
    });
  });
});

describe('getRolePermissions (Note rows, spec vector 9)', () => {
  const note = makeMeta({
    name: 'Note',
    permissions: [
      perm('System Manager', { read: true, write: true, create: true, delete: true }),
      perm('Desk User', { read: true, export: true, print: true, report: true }),
      perm('Desk User', {
        if_owner: true,
        write: true,
        create: true,
        delete: true,
        email: true,
        share: true,
      }),
      perm('Desk User', { permlevel: 1, read: true }),
    ],
  });
  const subject = { user: 'u1', roles: new Set(['Desk User', 'All', 'Guest']) };

  test('not the owner', () => {
    const result = getRolePermissions(subject, note, { isOwner: false });
    assert.deepEqual(
      {
        read: result.rights.read,
        write: result.rights.write,
        create: result.rights.create,
        delete: result.rights.delete,
      },
      { read: true, write: false, create: true, delete: false },
    );
    assert.equal(result.hasIfOwnerEnabled, true);
    assert.deepEqual(result.ifOwner, { write: false, delete: false, email: false, share: false });
  });

  test('the owner', () => {
    assert.deepEqual(getRolePermissions(subject, note, { isOwner: true }).ifOwner, {
      write: true,
      delete: true,
      email: true,
      share: true,
    });
  });

  test('submit rights need a submittable DocType', () => {
    const rows = [perm('R', { read: true, write: true, submit: true, cancel: true, amend: true })];
    const r = { user: 'u1', roles: new Set(['R']) };
    assert.equal(
      getRolePermissions(r, makeMeta({ name: 'X', permissions: rows })).rights.submit,
      false,
    );
    const submittable = getRolePermissions(
      r,
      makeMeta({ name: 'Y', permissions: rows, is_submittable: true }),
    ).rights;
    assert.deepEqual(
      [submittable.submit, submittable.cancel, submittable.amend],
      [true, true, true],
    );
  });

  test('the import right needs a DocType that allows import', () => {
    const rows = [perm('R', { read: true, create: true, import: true })];
    const r = { user: 'u1', roles: new Set(['R']) };
    const closed = getRolePermissions(r, makeMeta({ name: 'X', permissions: rows }));
    assert.equal(closed.rights.import, false);
    assert.equal(closed.rights.create, true, 'the other rights of the row stay');
    const open = makeMeta({ name: 'Y', permissions: rows, allow_import: true });
    assert.equal(getRolePermissions(r, open).rights.import, true);
    const ownerRows = [perm('R', { if_owner: true, read: true, create: true, import: true })];
    const owner = getRolePermissions(r, makeMeta({ name: 'Z', permissions: ownerRows }), {
      isOwner: true,
    });
    assert.equal(owner.ifOwner.import, undefined, 'nor through an if-owner row');
  });
});
