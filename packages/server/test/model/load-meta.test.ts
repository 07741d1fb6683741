import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { DocTypeJson } from '@cortado/protocol';
import { FrappeError } from '../../src/core/errors/index.js';
import { coreDocTypes } from '../../src/model/core-doctypes/index.js';
import { docTypeJsonFromDoc } from '../../src/model/docfields-from-doc.js';
import { loadMeta } from '../../src/model/load-meta.js';
import { createMetaRegistry } from '../../src/model/meta-cache.js';
import { fixture, fixtureDocTypes } from './fixtures.js';

function rejects(json: DocTypeJson, excType: string, message: RegExp): void {
  assert.throws(
    () => loadMeta(json),
    (error: unknown) =>
      error instanceof FrappeError && error.excType === excType && message.test(error.message),
  );
}

describe('loadMeta on real definitions', () => {
  for (const [path, json] of fixtureDocTypes()) {
    it(`loads ${path}`, () => {
      const meta = loadMeta(json);
      assert.equal(meta.name, json.name);
      assert.equal(meta.tableName, `tab${json.name}`);
      assert.ok(meta.fields.length > 0);
    });
  }

  it('reads ToDo as Frappe does (test vector 1)', () => {
    const meta = loadMeta(fixture('frappe/todo.json'));
    assert.equal(meta.autoname, 'hash');
    assert.equal(meta.istable, false);
    assert.equal(meta.valueFields.length, 13);
    assert.equal(meta.getField('description')?.reqd, true);
    assert.equal(meta.getField('status')?.options, 'Open\nClosed\nCancelled');
    assert.equal(meta.getField('status')?.default, 'Open');
    assert.equal(meta.allow_rename, false);
    assert.equal(meta.sort_field, 'modified');
    assert.equal(meta.sort_order, 'DESC');
    assert.equal(meta.track_seen, true);
    assert.deepEqual(
      meta.fields.map((f) => f.fieldname),
      fixture('frappe/todo.json').field_order,
    );
  });

  it('reads Sales Invoice with its tables and naming series (test vector 2)', () => {
    const meta = loadMeta(fixture('erpnext/sales_invoice.json'));
    assert.equal(meta.is_submittable, true);
    assert.equal(meta.autoname, 'naming_series:');
    assert.match(
      meta.getField('naming_series')?.options ?? '',
      /ACC-SINV-\.YYYY\.-\nACC-SINV-RET-\.YYYY\.-/,
    );
    assert.ok(
      meta.tableFields.some((f) => f.fieldname === 'items' && f.options === 'Sales Invoice Item'),
    );
    assert.ok(
      meta.linkFields.every((f) => f.fieldtype === 'Link' || f.fieldtype === 'Dynamic Link'),
    );
  });

  it('treats missing DocPerm rights as 0 whatever the form default', () => {
    const meta = loadMeta(fixture('frappe/user.json'));
    const desk = meta.permissions.find((p) => p.role === 'Desk User');
    assert.deepEqual(
      [desk?.select, desk?.read, desk?.write, desk?.email],
      [true, false, false, false],
    );
  });
});

describe('loadMeta on hand-written definitions', () => {
  const oldStyle: DocTypeJson = {
    name: 'Old Style',
    module: 'Core',
    istable: 0,
    issingle: 0,
    allow_rename: 0,
    sort_field: '',
    sort_order: '',
    autoname: '',
    fields: [
      {
        fieldname: 'title',
        fieldtype: 'Data',
        reqd: 0,
        unique: 0,
        options: '',
        default: '',
        length: 0,
        precision: '',
      },
    ],
    permissions: [{ role: 'System Manager', read: 1, write: 0 }],
  };
  const sparse: DocTypeJson = {
    name: 'Old Style',
    module: 'Core',
    fields: [{ fieldname: 'title', fieldtype: 'Data' }],
    permissions: [{ role: 'System Manager', read: 1 }],
    some_future_key: { ignored: true },
  };

  it('loads old files with explicit zeros like sparse ones', () => {
    const a = loadMeta(oldStyle);
    const b = loadMeta(sparse);
    assert.deepEqual(a.fields, b.fields);
    assert.deepEqual(a.permissions, b.permissions);
    assert.deepEqual(
      [a.sort_field, a.sort_order, a.autoname],
      [b.sort_field, b.sort_order, b.autoname],
    );
    assert.deepEqual([b.sort_field, b.sort_order], ['modified', 'DESC']);
  });

  it('orders fields by field_order, unlisted fields last', () => {
    const meta = loadMeta({
      name: 'Ordered',
      fields: [{ fieldname: 'a' }, { fieldname: 'b' }, { fieldname: 'c' }],
      field_order: ['c', 'a'],
    });
    assert.deepEqual(
      meta.fields.map((f) => f.fieldname),
      ['c', 'a', 'b'],
    );
    assert.equal(meta.fields[0]?.fieldtype, 'Data');
  });

  it('names unnamed layout fields and leaves them out of value fields', () => {
    const meta = loadMeta({
      name: 'Layout',
      fields: [{ fieldtype: 'Section Break' }, { fieldname: 'x', fieldtype: 'Int' }],
    });
    assert.equal(meta.fields[0]?.fieldname, 'section_break_0');
    assert.deepEqual(
      meta.valueFields.map((f) => f.fieldname),
      ['x'],
    );
  });

  const table: [string, DocTypeJson, string, RegExp][] = [
    [
      'bad fieldname',
      { name: 'Bad', fields: [{ fieldname: 'a;drop' }] },
      'InvalidColumnName',
      /a;drop/,
    ],
    [
      'fieldname with space',
      { name: 'Bad', fields: [{ fieldname: 'my field' }] },
      'InvalidColumnName',
      /letters, digits/,
    ],
    [
      'duplicate fieldname',
      { name: 'Bad', fields: [{ fieldname: 'a' }, { fieldname: 'a', fieldtype: 'Int' }] },
      'ValidationError',
      /more than once/,
    ],
    [
      'reserved fieldname',
      { name: 'Bad', fields: [{ fieldname: 'modified' }] },
      'ValidationError',
      /reserved/,
    ],
    [
      'Link without options',
      { name: 'Bad', fields: [{ fieldname: 'a', fieldtype: 'Link' }] },
      'ValidationError',
      /options/,
    ],
    [
      'Table without options',
      { name: 'Bad', fields: [{ fieldname: 'a', fieldtype: 'Table' }] },
      'ValidationError',
      /options/,
    ],
    [
      'unknown fieldtype',
      { name: 'Bad', fields: [{ fieldname: 'a', fieldtype: 'Blob' }] },
      'ValidationError',
      /unknown fieldtype Blob/,
    ],
    [
      'unique text',
      { name: 'Bad', fields: [{ fieldname: 'a', fieldtype: 'Text', unique: 1 }] },
      'ValidationError',
      /cannot be unique/,
    ],
    [
      'varchar too long',
      { name: 'Bad', fields: [{ fieldname: 'a', length: 1001 }] },
      'ValidationError',
      /length/,
    ],
    [
      'precision 10',
      { name: 'Bad', fields: [{ fieldname: 'a', fieldtype: 'Float', precision: '10' }] },
      'ValidationError',
      /precision/,
    ],
    [
      'two Folds',
      {
        name: 'Bad',
        fields: [
          { fieldname: 'f1', fieldtype: 'Fold' },
          { fieldname: 'f2', fieldtype: 'Fold' },
        ],
      },
      'ValidationError',
      /Fold/,
    ],
    [
      'DocType name with quote',
      { name: 'Bad`; drop', fields: [] },
      'NameError',
      /must start with a letter/,
    ],
    [
      'DocType name starting with digit',
      { name: '1Bad', fields: [] },
      'NameError',
      /must start with a letter/,
    ],
    ['DocType name too long', { name: 'B'.repeat(62), fields: [] }, 'NameError', /61/],
    ['no name', { name: '', fields: [] }, 'ValidationError', /needs a name/],
  ];
  for (const [label, json, excType, message] of table) {
    it(`rejects ${label}`, () => rejects(json, excType, message));
  }
});

describe('core DocTypes', () => {
  const metas = coreDocTypes().map(loadMeta);
  const registry = createMetaRegistry(metas);

  it('load, and every Link/Table points at a core DocType', () => {
    for (const meta of metas) {
      for (const field of meta.fields.filter(
        (f) => f.fieldtype === 'Link' || f.fieldtype.startsWith('Table'),
      )) {
        assert.ok(
          registry.has(field.options),
          `${meta.name}.${field.fieldname} → ${field.options}`,
        );
      }
    }
  });

  it('use Frappe fieldnames clients depend on', () => {
    const expected: Record<string, string[]> = {
      User: [
        'email',
        'first_name',
        'last_name',
        'full_name',
        'username',
        'enabled',
        'user_type',
        'roles',
        'api_key',
        'api_secret',
        'new_password',
        'last_login',
      ],
      ToDo: [
        'status',
        'priority',
        'date',
        'allocated_to',
        'description',
        'reference_type',
        'reference_name',
        'role',
        'assigned_by',
      ],
      'User Permission': [
        'user',
        'allow',
        'for_value',
        'apply_to_all_doctypes',
        'applicable_for',
        'is_default',
        'hide_descendants',
      ],
      File: [
        'file_name',
        'file_url',
        'is_private',
        'attached_to_doctype',
        'attached_to_name',
        'attached_to_field',
        'file_size',
        'content_hash',
        'folder',
      ],
      Webhook: [
        'webhook_doctype',
        'webhook_docevent',
        'enabled',
        'condition',
        'request_url',
        'request_method',
        'request_structure',
        'webhook_headers',
        'webhook_data',
        'webhook_json',
        'enable_security',
        'webhook_secret',
      ],
      Version: ['ref_doctype', 'docname', 'data'],
      'Error Log': ['method', 'error', 'reference_doctype', 'reference_name'],
    };
    for (const [doctype, fieldnames] of Object.entries(expected)) {
      for (const fieldname of fieldnames)
        assert.ok(registry.getMeta(doctype).getField(fieldname), `${doctype}.${fieldname}`);
    }
    assert.equal(registry.getMeta('System Settings').issingle, true);
    assert.equal(registry.getMeta('Has Role').istable, true);
  });

  it('give ToDo its indexed list filters and owner rules for Note', () => {
    const todo = registry.getMeta('ToDo');
    assert.deepEqual(
      todo.fields.filter((f) => f.search_index).map((f) => f.fieldname),
      ['status', 'allocated_to', 'reference_type'],
    );
    assert.ok(todo.permissions.some((p) => p.role === 'All' && p.read && p.write && p.create));
    assert.ok(
      registry
        .getMeta('Note')
        .permissions.some((p) => p.role === 'Desk User' && p.if_owner && p.write),
    );
  });

  it('registry answers unknown DocTypes with DoesNotExistError', () => {
    assert.throws(
      () => registry.getMeta('Nope'),
      (e: unknown) =>
        e instanceof FrappeError &&
        e.excType === 'DoesNotExistError' &&
        e.message === 'DocType Nope not found',
    );
    const single = metas.find((m) => m.issingle);
    assert.ok(single);
    registry.delete(single.name);
    assert.equal(registry.has(single.name), false);
    registry.set(single);
    assert.equal(registry.getMeta(single.name), single);
  });
});

describe('docTypeJsonFromDoc', () => {
  it('turns a saved DocType document into a loadable definition', () => {
    const doc = {
      doctype: 'DocType',
      name: 'Book',
      owner: 'Administrator',
      modified: '2025-03-10 10:00:00',
      docstatus: 0,
      module: 'Custom',
      custom: 1,
      autoname: null,
      fields: [
        {
          doctype: 'DocField',
          name: 'r2',
          parent: 'Book',
          idx: 2,
          fieldname: 'pages',
          fieldtype: 'Int',
          reqd: 0,
        },
        {
          doctype: 'DocField',
          name: 'r1',
          parent: 'Book',
          idx: 1,
          fieldname: 'title',
          fieldtype: 'Data',
          reqd: 1,
          options: null,
        },
      ],
      permissions: [
        { doctype: 'DocPerm', name: 'p1', idx: 1, role: 'System Manager', read: 1, write: 1 },
      ],
    };
    const json = docTypeJsonFromDoc(doc);
    assert.deepEqual(json.fields, [
      { fieldname: 'title', fieldtype: 'Data', reqd: 1 },
      { fieldname: 'pages', fieldtype: 'Int', reqd: 0 },
    ]);
    assert.equal(json.modified, '2025-03-10 10:00:00');
    assert.equal('owner' in json, false);
    const meta = loadMeta(json);
    assert.deepEqual(
      meta.fields.map((f) => f.fieldname),
      ['title', 'pages'],
    );
    assert.equal(meta.custom, true);
    assert.equal(meta.permissions[0]?.write, true);
  });

  it('rejects a document without name or with a non-list table', () => {
    assert.throws(() => docTypeJsonFromDoc({ doctype: 'DocType' }), /needs a name/);
    assert.throws(
      () => docTypeJsonFromDoc({ doctype: 'DocType', name: 'X', fields: 'a' }),
      /fields must be a list/,
    );
  });
});
