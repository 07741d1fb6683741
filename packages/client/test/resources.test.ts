import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { DIALECTS } from '@cortado/server/test/helpers/dialects.js';
import {
  INTEGRATION_USER,
  ORDERS,
  startCompatServer,
  type CompatServer,
} from '@cortado/server/test/compat/compat-server.js';
import {
  AuthenticationError,
  CortadoClient,
  CSRFTokenError,
  DoesNotExistError,
  MandatoryError,
  PermissionError,
  RateLimitExceededError,
  TimestampMismatchError,
  ValidationError,
  type ClientOptions,
  type QueryFilters,
} from '../src/index.js';
import { SDK_APP } from './sdk-app.js';

/*
 * Every resource and RPC method of the SDK against a real listening Cortado
 * server, on each database: token (v1), Basic (v2) and a cookie session with
 * CSRF enforced.
 */

interface IntegrationOrder {
  name: string;
  customer: string;
  status?: 'Open' | 'Pending' | 'Closed';
  amount?: number;
  date?: string;
  reference?: string;
}
interface SdkInvoiceItem {
  name: string;
  item: string;
  qty?: number;
  rate?: number;
}
interface SdkInvoice {
  name: string;
  modified: string;
  docstatus: 0 | 1 | 2;
  customer: string;
  status?: 'Unpaid' | 'Paid';
  grand_total?: number;
  posting_date?: string;
  remarks?: string;
  items: SdkInvoiceItem[];
}
interface TestDocTypes {
  'Integration Order': IntegrationOrder;
  'SDK Invoice': SdkInvoice;
}

async function rejects<E extends Error>(
  promise: Promise<unknown>,
  kind: abstract new (...args: never[]) => E,
): Promise<E> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof kind, `expected ${kind.name}, got ${String(error)}`);
    return error;
  }
  assert.fail(`expected ${kind.name}`);
}

const customers = (rows: ReadonlyArray<{ customer?: string }>) =>
  rows.map((row) => row.customer).sort();

for (const dialect of DIALECTS) {
  describe(`@cortado/client on ${dialect}`, () => {
    let server: CompatServer;
    let requests = 0;
    let token: CortadoClient<TestDocTypes>;
    let basicV2: CortadoClient<TestDocTypes>;
    const options = (extra: Partial<ClientOptions> = {}): ClientOptions => ({
      url: server.url,
      headers: () => {
        requests++;
        return { 'X-Test-Client': 'sdk' };
      },
      ...extra,
    });
    before(async () => {
      server = await startCompatServer(dialect, {
        apps: [SDK_APP],
        config: { enforce_csrf: true },
      });
      token = new CortadoClient<TestDocTypes>(
        options({ auth: { type: 'token', apiKey: server.apiKey, apiSecret: server.apiSecret } }),
      );
      basicV2 = new CortadoClient<TestDocTypes>(
        options({
          apiVersion: 'v2',
          auth: { type: 'basic', username: server.apiKey, password: server.apiSecret },
        }),
      );
    });
    after(async () => server?.close());

    it('getList: every comparison operator, typed', async () => {
      const where = async (filters: QueryFilters<keyof IntegrationOrder & string>) =>
        customers(await token.getList('Integration Order', { fields: ['customer'], filters }));
      assert.deepEqual(await where([['status', '=', 'Open']]), ['Alpha', 'Delta']);
      assert.deepEqual(await where([['status', '!=', 'Open']]), ['Beta', 'Gamma']);
      assert.deepEqual(await where([['amount', '>', 1000]]), ['Beta', 'Delta', 'Gamma']);
      assert.deepEqual(await where([['amount', '<', 1000]]), ['Alpha']);
      assert.deepEqual(await where([['amount', '>=', 1500]]), ['Beta', 'Gamma']);
      assert.deepEqual(await where([['amount', '<=', 1200]]), ['Alpha', 'Delta']);
      assert.deepEqual(await where([['customer', 'like', '%ta%']]), ['Beta', 'Delta']);
      assert.deepEqual(await where([['customer', 'not like', '%ta%']]), ['Alpha', 'Gamma']);
      assert.deepEqual(await where([['status', 'in', ['Open', 'Pending']]]), [
        'Alpha',
        'Beta',
        'Delta',
      ]);
      assert.deepEqual(await where([['status', 'not in', ['Open']]]), ['Beta', 'Gamma']);
      assert.deepEqual(await where([['reference', 'is', 'set']]), ['Alpha', 'Gamma']);
      assert.deepEqual(await where([['reference', 'is', 'not set']]), ['Beta', 'Delta']);
      assert.deepEqual(await where([['date', 'between', ['2024-01-01', '2024-12-31']]]), [
        'Alpha',
        'Beta',
      ]);
      assert.deepEqual(await where([['amount', 'between', [1000, 2000]]]), ['Beta', 'Delta']);
      // Seeded dates lie years back: the relative periods match nothing, and the server accepts them.
      assert.deepEqual(await where([['date', 'timespan', 'tomorrow']]), []);
      assert.deepEqual(await where([['date', 'next', '1 week']]), []);
      assert.deepEqual(await where({ status: 'Open', amount: ['>', 1000] }), ['Delta']);
      assert.deepEqual(
        await where([
          ['Integration Order Item', 'item', '=', 'Widget'],
          ['amount', '<', 600],
        ]),
        ['Alpha'],
      );
      // @ts-expect-error `is` takes "set" or "not set"
      const badIs: QueryFilters<'status'> = [['status', 'is', 'maybe']];
      // @ts-expect-error `between` takes a pair
      const badBetween: QueryFilters<'amount'> = [['amount', 'between', 5]];
      // @ts-expect-error the field must belong to the DocType
      const badField: QueryFilters<keyof IntegrationOrder & string> = [['colour', '=', 'red']];
      assert.ok(badIs && badBetween && badField);
    });

    it('getList: or_filters, order_by, group_by, paging and v2', async () => {
      const either = await token.getList('Integration Order', {
        fields: ['customer'],
        orFilters: [
          ['customer', '=', 'Alpha'],
          ['amount', '>', 2000],
        ],
      });
      assert.deepEqual(customers(either), ['Alpha', 'Gamma']);
      const ordered = await token.getList('Integration Order', {
        fields: ['customer', 'amount'],
        orderBy: 'amount desc',
        limit: 2,
      });
      assert.deepEqual(
        ordered.map((row) => row.customer),
        ['Gamma', 'Beta'],
      );
      const second = await token.getList('Integration Order', {
        fields: ['customer'],
        orderBy: 'amount desc',
        start: 2,
        limit: 2,
      });
      assert.deepEqual(
        second.map((row) => row.customer),
        ['Delta', 'Alpha'],
      );
      const groups = await token.getList<'Integration Order', { status: string; n: number }>(
        'Integration Order',
        {
          fields: ['status', 'count(name) as n'],
          groupBy: 'status',
          orderBy: 'status asc',
        },
      );
      assert.deepEqual(
        groups.map((row) => [row.status, Number(row.n)]),
        [
          ['Closed', 1],
          ['Open', 2],
          ['Pending', 1],
        ],
      );
      const v2 = await basicV2.getList('Integration Order', {
        fields: ['customer'],
        filters: [['status', '=', 'Open']],
        orderBy: 'customer asc',
      });
      assert.deepEqual(
        v2.map((row) => row.customer),
        ['Alpha', 'Delta'],
      );
    });

    it('iterateList walks every page and stops when the loop breaks (v1 and v2)', async () => {
      for (const client of [token, basicV2]) {
        requests = 0;
        const seen: string[] = [];
        for await (const row of client.iterateList('Integration Order', {
          fields: ['customer'],
          orderBy: 'customer asc',
          pageSize: 3,
        }))
          seen.push(row.customer ?? '');
        assert.deepEqual(seen, ORDERS.map((order) => order.customer).sort());
        assert.equal(requests, 2, `${client.apiVersion}: a short second page ends the walk`);
        requests = 0;
        for await (const row of client.iterateList('Integration Order', {
          fields: ['customer'],
          orderBy: 'customer asc',
          pageSize: 1,
        })) {
          if (row.customer === 'Beta') break;
        }
        assert.equal(requests, 2, `${client.apiVersion}: nothing is fetched after break`);
      }
    });

    it('getCount and getValue', async () => {
      for (const client of [token, basicV2]) {
        assert.equal(await client.getCount('Integration Order'), ORDERS.length);
        assert.equal(await client.getCount('Integration Order', [['status', '=', 'Open']]), 2);
        assert.deepEqual(
          await client.getValue('Integration Order', ['customer', 'amount'], { customer: 'Beta' }),
          {
            customer: 'Beta',
            amount: 1500,
          },
        );
        assert.equal(
          await client.getValue('Integration Order', 'customer', { customer: 'Nobody' }),
          undefined,
        );
      }
    });

    it('insert, getDoc, update merging child rows, stale update, delete', async () => {
      for (const client of [token, basicV2]) {
        const created = await client.insert('SDK Invoice', {
          customer: `Client ${client.apiVersion}`,
          grand_total: 100,
          items: [
            { item: 'Cable', qty: 2, rate: 30 },
            { item: 'Plug', qty: 1, rate: 40 },
          ],
        });
        assert.match(created.name, /^SINV-\d{5}$/);
        const read = await client.getDoc('SDK Invoice', created.name);
        assert.equal(read.customer, `Client ${client.apiVersion}`);
        assert.equal(read.status, 'Unpaid');
        const [cable] = read.items;
        assert.ok(cable);
        const updated = await client.update('SDK Invoice', created.name, {
          remarks: 'merged',
          items: [
            { name: cable.name, qty: 5 },
            { item: 'Fuse', qty: 3 },
          ],
        });
        assert.equal(updated.remarks, 'merged');
        assert.deepEqual(
          updated.items.map((row) => [row.item, row.qty, row.rate]),
          [
            ['Cable', 5, 30],
            ['Fuse', 3, 0],
          ],
        );
        const stale = await rejects(
          client.update('SDK Invoice', created.name, { remarks: 'late', modified: read.modified }),
          TimestampMismatchError,
        );
        assert.equal(stale.status, 417);
        assert.ok(stale instanceof ValidationError);
        await client.delete('SDK Invoice', created.name);
        const gone = await rejects(client.getDoc('SDK Invoice', created.name), DoesNotExistError);
        assert.equal(gone.status, 404);
        assert.equal(gone.excType, 'DoesNotExistError');
        const missing = await rejects(
          client.insert('SDK Invoice', { grand_total: 5 }),
          MandatoryError,
        );
        assert.match(missing.message, /customer/);
        assert.ok(missing.messages.length > 0);
      }
    });

    it('setValue, insertMany, submit, cancel, rename and document methods', async () => {
      for (const client of [token, basicV2]) {
        const names = await client.insertMany([
          { doctype: 'SDK Invoice', customer: 'Many A', grand_total: 10 },
          { doctype: 'SDK Invoice', customer: 'Many B', grand_total: 20 },
        ]);
        assert.equal(names.length, 2);
        const [first, second] = names as [string, string];
        const set = await client.setValue('SDK Invoice', first, {
          remarks: 'via set_value',
          grand_total: 11,
        });
        assert.deepEqual([set.remarks, set.grand_total], ['via set_value', 11]);
        const submitted = await client.submit('SDK Invoice', first);
        assert.equal(submitted.docstatus, 1);
        const cancelled = await client.cancel('SDK Invoice', first);
        assert.equal(cancelled.docstatus, 2);
        const renamed = await client.rename('SDK Invoice', second, `${second}-R`);
        assert.equal(renamed, `${second}-R`);
        assert.equal((await client.getDoc('SDK Invoice', renamed)).customer, 'Many B');
        assert.deepEqual(
          await client.runDocMethod('SDK Invoice', renamed, 'describe', { note: 'hi' }),
          {
            name: renamed,
            customer: 'Many B',
            note: 'hi',
          },
        );
        assert.deepEqual(
          await client.runDocMethod('SDK Invoice', renamed, 'describe', {}, { httpMethod: 'GET' }),
          {
            name: renamed,
            customer: 'Many B',
            note: null,
          },
        );
      }
    });

    it('call and xcall: GET and POST semantics, messages, typed errors', async () => {
      for (const client of [token, basicV2]) {
        assert.deepEqual(
          await client.xcall('my_app.api.my_function', { param1: 'a', param2: 'b' }),
          { result: 'value' },
        );
        // GET sends arguments in the query string, where every value is a string; POST keeps JSON types.
        assert.deepEqual(
          await client.xcall('sdk_app.api.echo', { n: 5, tags: ['x'] }, { httpMethod: 'GET' }),
          { n: '5', tags: '["x"]' },
        );
        assert.deepEqual(await client.xcall('sdk_app.api.echo', { n: 5, tags: ['x'] }), {
          n: 5,
          tags: ['x'],
        });
        assert.equal(
          await client.xcall('sdk_app.api.read_only', {}, { httpMethod: 'GET' }),
          'read',
        );
        const notVerb = await rejects(client.xcall('sdk_app.api.read_only'), PermissionError);
        assert.equal(notVerb.status, 403);
        const notified = await client.call('sdk_app.api.notify');
        assert.equal(notified.message, 'done');
        const failed = await rejects(client.call('sdk_app.api.fail'), ValidationError);
        assert.equal(failed.status, 417);
        assert.equal(failed.message, 'Amount must be positive');
        assert.equal(failed.excType, 'ValidationError');
      }
      // The request id links a failure to the server's log: the caller's, or one the server made.
      const traced = await rejects(
        token.call('sdk_app.api.fail', {}, { headers: { 'X-Request-Id': 'sdk-trace-1' } }),
        ValidationError,
      );
      assert.equal(traced.requestId, 'sdk-trace-1');
      const untraced = await rejects(token.call('sdk_app.api.fail'), ValidationError);
      assert.ok(typeof untraced.requestId === 'string' && untraced.requestId.length > 0);
      const v1 = await token.call('sdk_app.api.notify');
      assert.equal(typeof v1['_server_messages'], 'string');
    });

    it('getMeta and request reach what the typed methods do not cover', async () => {
      for (const client of [token, basicV2]) {
        const meta = await client.getMeta('SDK Invoice');
        assert.equal(meta.name, 'SDK Invoice');
        assert.ok(meta.fields?.some((field) => field.fieldname === 'items'));
        const missing = await rejects(client.getMeta('No Such DocType'), DoesNotExistError);
        assert.equal(missing.status, 404);
      }
      const body = await token.request({
        method: 'GET',
        path: '/api/method/frappe.client.get_count',
        query: { doctype: 'Integration Order', filters: { status: 'Open' } },
      });
      assert.equal(body['message'], 2);
      const posted = await token.request({
        method: 'POST',
        path: '/api/method/sdk_app.api.echo',
        form: { a: '1' },
      });
      assert.deepEqual(posted['message'], { a: '1' });
    });

    it("retries the real limiter's 429 after Retry-After and gets the 200", async () => {
      const statuses: number[] = [];
      const counting = new CortadoClient(
        options({
          auth: { type: 'token', apiKey: server.apiKey, apiSecret: server.apiSecret },
          fetch: async (input, init) => {
            const response = await fetch(input, init);
            statuses.push(response.status);
            return response;
          },
        }),
      );
      const started = Date.now();
      assert.equal(await counting.xcall('sdk_app.api.limited'), 'ok');
      const refused = await rejects(
        counting.xcall('sdk_app.api.limited', {}, { retry: false }),
        RateLimitExceededError,
      );
      const second = Date.now();
      assert.equal(refused.status, 429);
      assert.ok(refused.retryAfter !== undefined && refused.retryAfter >= 1);
      statuses.length = 0;
      assert.equal(await counting.xcall('sdk_app.api.limited'), 'ok');
      // The window is one second from the first call: a 429 first, unless the machine took longer than that.
      if (second - started < 800) assert.deepEqual(statuses.slice(0, 1), [429]);
      assert.equal(statuses.at(-1), 200);
    });

    it('auth: wrong token, wrong Basic password, a bearer token nobody issued, Guest', async () => {
      const wrongToken = new CortadoClient(
        options({ auth: { type: 'token', apiKey: server.apiKey, apiSecret: 'wrong' } }),
      );
      assert.equal((await rejects(wrongToken.getList('ToDo'), AuthenticationError)).status, 401);
      const wrongBasic = new CortadoClient(
        options({ auth: { type: 'basic', username: server.apiKey, password: 'wrong' } }),
      );
      assert.equal((await rejects(wrongBasic.getCount('ToDo'), AuthenticationError)).status, 401);
      const bearer = new CortadoClient(
        options({ auth: { type: 'bearer', token: async () => 'not-issued' } }),
      );
      await rejects(bearer.getLoggedUser(), AuthenticationError);
      const guest = new CortadoClient(options());
      assert.equal(
        (await rejects(guest.getList('Integration Order'), PermissionError)).status,
        403,
      );
      assert.equal(await token.getLoggedUser(), INTEGRATION_USER.email);
      assert.equal(await basicV2.getLoggedUser(), INTEGRATION_USER.email);
    });

    it('session: login keeps the cookie, writes carry the CSRF token, logout ends it', async () => {
      const session = new CortadoClient<TestDocTypes>(options());
      const login = await session.login(INTEGRATION_USER.email, INTEGRATION_USER.password);
      assert.equal(login.message, 'Logged In');
      assert.equal(typeof login.csrf_token, 'string');
      assert.equal(await session.getLoggedUser(), INTEGRATION_USER.email);
      const created = await session.insert('SDK Invoice', { customer: 'Session' });
      assert.equal(created.customer, 'Session');
      // A cookie of a CSRF-holding session, sent without the token, is refused: the site enforces CSRF.
      let sessionCookie = '';
      const probe = new CortadoClient(
        options({
          fetch: async (input, init) => {
            const response = await fetch(input, init);
            const sid = response.headers.getSetCookie().find((line) => line.startsWith('sid='));
            if (sid !== undefined) sessionCookie = sid.split(';')[0] ?? '';
            return response;
          },
        }),
      );
      await probe.login(INTEGRATION_USER.email, INTEGRATION_USER.password);
      const cookieOnly = new CortadoClient(options({ headers: () => ({ Cookie: sessionCookie }) }));
      const refused = await rejects(
        cookieOnly.insert('SDK Invoice', { customer: 'No token' }),
        CSRFTokenError,
      );
      assert.equal(refused.status, 400);
      await session.logout();
      await rejects(session.getLoggedUser(), PermissionError);
      const wrong = await rejects(
        session.login(INTEGRATION_USER.email, 'wrong'),
        AuthenticationError,
      );
      assert.equal(wrong.message, 'Invalid login credentials');
    });
  });
}
