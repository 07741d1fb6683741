import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { FrappeApp } from 'frappe-js-sdk';
import { DIALECTS } from '../helpers/dialects.js';
import {
  INTEGRATION_USER,
  NOTES,
  ORDERS,
  TODOS,
  startCompatServer,
  type CompatServer,
} from './compat-server.js';

/*
 * frappe-js-sdk from npm, unchanged, against a real listening server. The SDK
 * is written for browsers: in Node its axios instance keeps no cookies, so the
 * session tests give that public instance a one-cookie jar (interceptors),
 * which is what a Node user of the SDK has to do too.
 */

/** What the SDK throws: the error body spread, plus `httpStatus`, `httpStatusText`, `message`, `exception`. */
interface SdkError {
  readonly httpStatus: number;
  readonly httpStatusText: string;
  readonly message: string;
  readonly exception: string;
  readonly exc_type?: string;
  readonly _server_messages?: string;
}

async function sdkError(promise: Promise<unknown>): Promise<SdkError> {
  try {
    await promise;
  } catch (error) {
    return error as SdkError;
  }
  assert.fail('expected the SDK call to fail');
}

function decodedMessages(error: SdkError): string[] {
  assert.equal(typeof error._server_messages, 'string', JSON.stringify(error));
  return (JSON.parse(error._server_messages ?? '[]') as string[]).map(
    (item) => (JSON.parse(item) as { message: string }).message,
  );
}

/** Keeps the `sid` cookie between requests of one SDK instance, as a browser would. */
function keepSessionCookie(app: FrappeApp): void {
  let sid: string | undefined;
  app.axios.interceptors.response.use((response) => {
    const cookies = response.headers['set-cookie'] ?? [];
    const cookie = cookies.find((line) => line.startsWith('sid='));
    if (cookie !== undefined) sid = cookie.split(';')[0];
    return response;
  });
  app.axios.interceptors.request.use((config) => {
    if (sid !== undefined) config.headers.set('Cookie', sid);
    return config;
  });
}

for (const dialect of DIALECTS) {
  describe(`frappe-js-sdk on ${dialect}`, () => {
    let server: CompatServer;
    let app: FrappeApp;
    before(async () => {
      server = await startCompatServer(dialect);
      app = new FrappeApp(server.url, {
        useToken: true,
        token: () => `${server.apiKey}:${server.apiSecret}`,
        type: 'token',
      });
    });
    after(async () => server?.close());

    it('db().getDocList with fields, filters, orderBy and limit', async () => {
      const rows = await app.db().getDocList('Integration Order', {
        fields: ['name', 'customer', 'amount'],
        filters: [
          ['amount', '>', 1000],
          ['status', 'in', ['Open', 'Pending']],
        ],
        orderBy: { field: 'amount', order: 'desc' },
        limit: 1,
      });
      assert.deepEqual(
        rows.map((row) => [row.customer, row.amount]),
        [['Beta', 1500]],
      );
      const all = await app
        .db()
        .getDocList('ToDo', { fields: ['description'], orderBy: { field: 'description' } });
      assert.deepEqual(
        all.map((row) => row.description),
        [...TODOS].sort(),
      );
      // Without orderBy the SDK still sends an empty `order_by=`: the DocType's default order applies.
      const notes = await app.db().getDocList('Note', {
        fields: ['title'],
        orFilters: [
          ['title', 'like', '%plan%'],
          ['title', 'like', '%notes%'],
        ],
      });
      assert.deepEqual(notes.map((row) => row.title).sort(), [...NOTES].sort());
      const asLists = await app.db().getDocList('Integration Order', {
        fields: ['customer'],
        asDict: false,
        orderBy: { field: 'customer' },
      });
      assert.deepEqual(asLists, ORDERS.map((order) => [order.customer]).sort());
    });

    it('db().getCount with and without filters', async () => {
      assert.equal(await app.db().getCount('Integration Order'), ORDERS.length);
      assert.equal(await app.db().getCount('Integration Order', [['status', '=', 'Open']]), 2);
    });

    it('db().createDoc with a child table, getDoc, updateDoc, deleteDoc', async () => {
      const created = await app.db().createDoc('Integration Order', {
        customer: 'SDK GmbH',
        amount: 90,
        items: [{ item: 'Cable', qty: 3, rate: 30 }],
      });
      assert.match(created.name, /^IO-\d{5}$/);
      assert.deepEqual(
        created.items.map((row: any) => [row.item, row.qty, row.parenttype]),
        [['Cable', 3, 'Integration Order']],
      );
      const read = await app.db().getDoc('Integration Order', created.name);
      assert.equal(read.customer, 'SDK GmbH');
      const updated = await app.db().updateDoc('Integration Order', created.name, {
        status: 'Closed',
        items: [
          { ...read.items[0], qty: 4 },
          { item: 'Plug', qty: 1, rate: 5 },
        ],
      });
      assert.equal(updated.status, 'Closed');
      assert.deepEqual(
        updated.items.map((row: any) => [row.item, row.qty]),
        [
          ['Cable', 4],
          ['Plug', 1],
        ],
      );
      assert.deepEqual(await app.db().deleteDoc('Integration Order', created.name), { data: 'ok' });
      const gone = await sdkError(app.db().getDoc('Integration Order', created.name));
      assert.equal(gone.httpStatus, 404);
      assert.equal(gone.exc_type, 'DoesNotExistError');
    });

    it('call().get and call().post of a whitelisted method', async () => {
      const args = { param1: 'value1', param2: 'value2' };
      assert.deepEqual(await app.call().get('my_app.api.my_function', args), {
        message: { result: 'value' },
      });
      assert.deepEqual(await app.call().post('my_app.api.my_function', args), {
        message: { result: 'value' },
      });
      assert.deepEqual(await app.call().get('ping'), { message: 'pong' });
    });

    it('errors carry httpStatus, exc_type, exception and _server_messages', async () => {
      const mandatory = await sdkError(app.db().createDoc('Integration Order', { status: 'Open' }));
      assert.equal(mandatory.httpStatus, 417);
      assert.equal(mandatory.exc_type, 'MandatoryError');
      // Tracebacks are off by default (System Settings), so the body has no `exception`/`message` and the SDK falls back.
      assert.equal(mandatory.exception, 'MandatoryError');
      assert.equal(mandatory.message, 'There was an error while creating the document.');
      assert.match(
        decodedMessages(mandatory)[0] ?? '',
        /Value missing for Integration Order: customer/,
      );

      const missingArg = await sdkError(
        app.call().post('my_app.api.my_function', { param1: 'value1' }),
      );
      assert.equal(missingArg.httpStatus, 417);
      assert.equal(missingArg.exc_type, 'FrappeTypeError');

      const guest = new FrappeApp(server.url);
      const denied = await sdkError(guest.db().getDocList('Integration Order'));
      assert.equal(denied.httpStatus, 403);
      assert.equal(denied.exc_type, 'PermissionError');
      assert.ok(decodedMessages(denied).length > 0);

      const badToken = new FrappeApp(server.url, {
        useToken: true,
        token: () => `${server.apiKey}:wrong`,
        type: 'token',
      });
      const refused = await sdkError(badToken.db().getDocList('ToDo'));
      assert.equal(refused.httpStatus, 401);
      assert.equal(refused.exc_type, 'AuthenticationError');
    });

    it('auth(): login, getLoggedInUser and logout with a cookie kept between calls', async () => {
      const session = new FrappeApp(server.url);
      keepSessionCookie(session);
      const login = await session.auth().loginWithUsernamePassword({
        username: INTEGRATION_USER.email,
        password: INTEGRATION_USER.password,
      });
      assert.equal(login.message, 'Logged In');
      assert.equal(await session.auth().getLoggedInUser(), INTEGRATION_USER.email);
      const count = await session.db().getCount('ToDo');
      assert.ok(count >= TODOS.length);
      await session.auth().logout();
      const after = await sdkError(session.auth().getLoggedInUser());
      assert.equal(after.httpStatus, 403);
    });

    it('auth() in Node without a cookie jar: the session is not kept (the SDK relies on the browser)', async () => {
      const session = new FrappeApp(server.url);
      await session.auth().loginWithUsernamePassword({
        username: INTEGRATION_USER.email,
        password: INTEGRATION_USER.password,
      });
      const guest = await sdkError(session.auth().getLoggedInUser());
      assert.equal(guest.httpStatus, 403);
      assert.equal(guest.exc_type, 'PermissionError');
    });

    it('auth(): a wrong password is a 401 the SDK reports', async () => {
      const session = new FrappeApp(server.url);
      const error = await sdkError(
        session
          .auth()
          .loginWithUsernamePassword({ username: INTEGRATION_USER.email, password: 'wrong' }),
      );
      assert.equal(error.httpStatus, 401);
      assert.equal(error.exc_type, 'AuthenticationError');
      assert.equal(error.message, 'Invalid login credentials');
    });
  });
}
