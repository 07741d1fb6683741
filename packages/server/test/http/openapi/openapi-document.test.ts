import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { DocTypeJson } from '@cortado/protocol';
import type { AppDefinition } from '../../../src/engine/runtime/app-definition.js';
import { insertDoc } from '../../../src/engine/document.js';
import { coreApp } from '../../../src/sites/core-app.js';
import { getValue } from '../../../src/engine/query/index.js';
import { withContext } from '../../../src/engine/runtime/with-context.js';
import { buildTestApp, TEST_USER_HEADER, type TestApp } from '../../helpers/build-test-app.js';
import { DIALECTS } from '../../helpers/dialects.js';
import { fixtureDocTypes } from '../../model/fixtures.js';
import { assertValidOpenApi } from './openapi-validate.js';

type Doc = Record<string, any>;

const field = (fieldname: string, fieldtype: string, extra: Record<string, unknown> = {}) => ({
  fieldname,
  fieldtype,
  label: fieldname,
  ...extra,
});

const perms = (role: string, permlevel = 0, write = 1) => ({
  role,
  permlevel,
  read: 1,
  write,
  create: permlevel === 0 ? write : 0,
  delete: permlevel === 0 ? write : 0,
});

/** DocTypes that stress the generator: odd names, a Single, a Virtual DocType, a child table, permlevels. */
const ODD_DOCTYPES: DocTypeJson[] = [
  {
    name: 'Odd Thing-2',
    module: 'Odd',
    fields: [
      field('2nd_line', 'Data'),
      field('_hidden_total', 'Currency', { permlevel: 1 }),
      field('status', 'Select', { options: '\nOpen\nClosed', reqd: 1 }),
      field('rows', 'Table', { options: 'Odd Row' }),
      field('derived', 'Data', { read_only: 1 }),
      field('secret', 'Password'),
      field('when', 'Datetime'),
      field('payload', 'JSON'),
    ],
    permissions: [
      perms('Sales User'),
      { role: 'Sales Manager', permlevel: 0, read: 1 },
      perms('Sales Manager', 1),
    ],
  },
  {
    name: 'Odd Row',
    module: 'Odd',
    istable: 1,
    fields: [
      field('qty', 'Float'),
      field('done', 'Check'),
      field('ref', 'Link', { options: 'Role' }),
    ],
    permissions: [],
  },
  {
    name: 'Odd Settings',
    module: 'Odd',
    issingle: 1,
    fields: [field('enabled', 'Check')],
    permissions: [perms('Sales User')],
  },
  {
    name: 'Café Virtuel',
    module: 'Odd',
    is_virtual: 1,
    fields: [field('value', 'Int')],
    permissions: [perms('Sales User', 0, 0)],
  },
] as unknown as DocTypeJson[];

const oddApp: AppDefinition = {
  name: 'odd',
  version: '1.0.0',
  doctypes: ODD_DOCTYPES,
  methods: [
    { path: 'odd.api.untyped', handler: () => 1 },
    {
      path: 'odd.api.typed',
      allowGuest: true,
      methods: ['GET'],
      summary: 'Doubles a number',
      params: { n: { type: 'int', example: 2 }, note: { type: 'string', optional: true } },
      returns: { type: 'integer' },
      handler: (args) => Number(args['n']) * 2,
    },
  ],
};

async function createUser(t: TestApp, email: string, roles: string[]): Promise<void> {
  await withContext(t.site, 'Administrator', async (ctx) => {
    for (const role of roles)
      if ((await getValue(ctx, 'Role', role, 'name', false)) === undefined)
        await insertDoc(ctx, { doctype: 'Role', role_name: role });
    await insertDoc(ctx, {
      doctype: 'User',
      email,
      first_name: email.split('@')[0],
      roles: roles.map((role) => ({ doctype: 'Has Role', role })),
    });
  });
}

async function documentFor(t: TestApp, user: string): Promise<Doc> {
  const res = await t.app.inject({
    url: '/api/openapi.json',
    headers: { [TEST_USER_HEADER]: user },
  });
  assert.equal(res.statusCode, 200, res.body);
  assert.match(String(res.headers['content-type']), /application\/json/);
  return res.json();
}

const USERS = ['Administrator', 'sales@example.com', 'Guest', 'noroles@example.com'];

for (const dialect of DIALECTS) {
  describe(`OpenAPI document: odd DocTypes and methods (${dialect})`, () => {
    let t: TestApp;
    before(async () => {
      t = await buildTestApp({ dialect, migrate: true, apps: [oddApp] });
      await createUser(t, 'sales@example.com', ['Sales User']);
      await createUser(t, 'noroles@example.com', []);
    });
    after(() => t.close());

    for (const user of USERS) {
      it(`is valid for ${user}`, async () => {
        await assertValidOpenApi(await documentFor(t, user), user);
      });
    }

    it('names components safely and keys paths by the encoded DocType', async () => {
      const doc = await documentFor(t, 'Administrator');
      const schema = doc.components.schemas['Odd_Thing-2'];
      assert.ok(schema, Object.keys(doc.components.schemas).join(','));
      assert.ok(doc.paths['/api/resource/Odd%20Thing-2']);
      assert.ok(doc.paths['/api/v2/document/Odd%20Thing-2/{name}'].delete);
      assert.deepEqual(schema.properties.status.enum, ['', 'Open', 'Closed', null]);
      assert.equal(schema.properties.rows.items.properties.done.type[0], 'integer');
      assert.equal(schema.properties.rows.items.properties.ref['x-link'], 'Role');
      assert.deepEqual(doc.components.schemas['Odd_Thing-2.create'].required, ['status']);
    });

    it('leaves permlevel fields out for a role that cannot read them, read-only ones out of bodies', async () => {
      const doc = await documentFor(t, 'sales@example.com');
      const read = doc.components.schemas['Odd_Thing-2'].properties;
      const create = doc.components.schemas['Odd_Thing-2.create'].properties;
      assert.ok(read['2nd_line']);
      assert.equal(read['_hidden_total'], undefined);
      assert.equal(create['_hidden_total'], undefined);
      assert.ok(read['derived']);
      assert.equal(create['derived'], undefined);
      assert.equal(doc.paths['/api/resource/Odd%20Row'], undefined, 'child tables have no paths');
    });

    it('gives a Single one document path and no list', async () => {
      const doc = await documentFor(t, 'sales@example.com');
      assert.ok(doc.paths['/api/resource/Odd%20Settings/Odd%20Settings'].get);
      assert.equal(doc.paths['/api/resource/Odd%20Settings'], undefined);
    });

    it('documents a read-only Virtual DocType without write operations', async () => {
      const doc = await documentFor(t, 'sales@example.com');
      assert.ok(doc.paths['/api/resource/Caf%C3%A9%20Virtuel'].get);
      assert.equal(doc.paths['/api/resource/Caf%C3%A9%20Virtuel'].post, undefined);
    });

    it('shows declared method types, and Guests only Guest methods', async () => {
      const admin = await documentFor(t, 'Administrator');
      const typed = admin.paths['/api/method/odd.api.typed'].get;
      assert.deepEqual(typed.parameters[0], {
        name: 'n',
        in: 'query',
        required: true,
        schema: { type: 'integer' },
        example: 2,
      });
      assert.deepEqual(
        typed.responses['200'].content['application/json'].schema.properties.message,
        {
          type: 'integer',
        },
      );
      assert.deepEqual(typed.security[0], {});
      assert.ok(admin.paths['/api/method/odd.api.untyped'].post);
      const untyped = admin.paths['/api/method/odd.api.untyped'].get;
      assert.equal(untyped.parameters[0].style, 'form', 'free-form arguments');
      assert.equal(
        admin.paths['/api/method/frappe.client.get_count'].get.responses['200'].content[
          'application/json'
        ].schema.properties.message.type,
        'integer',
      );
      const guest = await documentFor(t, 'Guest');
      assert.ok(guest.paths['/api/method/odd.api.typed']);
      assert.equal(guest.paths['/api/method/odd.api.untyped'], undefined);
      assert.equal(guest.paths['/api/resource/Odd%20Thing-2'], undefined);
      assert.ok(guest.paths['/api/method/login'].post);
    });

    it('a user without roles sees only what the automatic roles grant', async () => {
      const doc = await documentFor(t, 'noroles@example.com');
      assert.equal(doc.paths['/api/resource/Odd%20Thing-2'], undefined);
      assert.ok(doc.paths['/api/resource/ToDo'], 'role All reads ToDo');
    });

    it('is served from the cache until a permission rule changes', async () => {
      const first = await documentFor(t, 'sales@example.com');
      const again = await documentFor(t, 'sales@example.com');
      assert.deepEqual(again, first);
      assert.equal(first.components.schemas['Odd_Thing-2'].properties['_hidden_total'], undefined);
      const add = await t.app.inject({
        method: 'POST',
        url: '/api/method/frappe.core.page.permission_manager.permission_manager.add',
        headers: { [TEST_USER_HEADER]: 'Administrator' },
        payload: { parent: 'Odd Thing-2', role: 'Sales User', permlevel: 1 },
      });
      assert.equal(add.statusCode, 200, add.body);
      const changed = await documentFor(t, 'sales@example.com');
      assert.ok(changed.components.schemas['Odd_Thing-2'].properties['_hidden_total']);
    });
  });
}

describe('OpenAPI document: fresh site and the fixture DocTypes', () => {
  let fresh: TestApp;
  let fixtures: TestApp;
  before(async () => {
    fresh = await buildTestApp({ migrate: true });
    await createUser(fresh, 'sales@example.com', ['Sales User']);
    const core = new Set(coreApp().doctypes.map((json) => json.name));
    const fixtureApp: AppDefinition = {
      name: 'fixtures',
      version: '0.0.0',
      // The core app already defines the Frappe ones it needs.
      doctypes: [...fixtureDocTypes().values()].filter((json) => !core.has(json.name)),
    };
    fixtures = await buildTestApp({ migrate: true, apps: [fixtureApp] });
    await createUser(fixtures, 'sales@example.com', ['Sales User']);
  });
  after(async () => {
    await fresh.close();
    await fixtures.close();
  });

  for (const user of ['Administrator', 'sales@example.com', 'Guest']) {
    it(`fresh site: valid for ${user}`, async () => {
      await assertValidOpenApi(await documentFor(fresh, user), user);
    });
    it(`fixture DocTypes: valid for ${user}`, async () => {
      const doc = await documentFor(fixtures, user);
      await assertValidOpenApi(doc, user);
      if (user === 'sales@example.com') assert.ok(doc.paths['/api/resource/Sales%20Order']);
    });
  }
});

describe('API explorer', () => {
  let t: TestApp;
  let off: TestApp;
  let open: TestApp;
  before(async () => {
    t = await buildTestApp({ migrate: true });
    off = await buildTestApp({ migrate: true, config: { api_docs: false } });
    open = await buildTestApp({ migrate: true, config: { api_docs_for_guests: true } });
  });
  after(async () => {
    await t.close();
    await off.close();
    await open.close();
  });

  it('serves Swagger UI and the generated document to a signed-in user', async () => {
    const headers = { [TEST_USER_HEADER]: 'Administrator' };
    const page = await t.app.inject({ url: '/api/docs/', headers });
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /swagger/i);
    const bare = await t.app.inject({ url: '/api/docs', headers });
    assert.ok(
      [200, 302].includes(bare.statusCode),
      `${bare.statusCode} ${bare.body.slice(0, 200)}`,
    );
    const initializer = await t.app.inject({
      url: '/api/docs/static/swagger-initializer.js',
      headers,
    });
    assert.equal(initializer.statusCode, 200);
    assert.match(initializer.body, /json/);
    const bundle = await t.app.inject({ url: '/api/docs/static/swagger-ui-bundle.js', headers });
    assert.equal(bundle.statusCode, 200);
    const spec = await t.app.inject({ url: '/api/docs/json', headers });
    assert.equal(spec.statusCode, 200);
    const direct = await t.app.inject({ url: '/api/openapi.json', headers });
    assert.deepEqual(spec.json(), direct.json());
  });

  it('refuses Guests unless the site allows them', async () => {
    for (const url of ['/api/docs/', '/api/docs/json']) {
      const res = await t.app.inject({ url });
      assert.equal(res.statusCode, 403, url);
      assert.equal(res.json().exc_type, 'PermissionError');
    }
    const allowed = await open.app.inject({ url: '/api/docs/json' });
    assert.equal(allowed.statusCode, 200);
    assert.equal(allowed.json().paths['/api/resource/ToDo'], undefined);
  });

  it('is not there when the site turns it off', async () => {
    const res = await off.app.inject({
      url: '/api/docs/json',
      headers: { [TEST_USER_HEADER]: 'Administrator' },
    });
    assert.equal(res.statusCode, 404);
    assert.equal(res.json().exc_type, 'DoesNotExistError');
  });
});
