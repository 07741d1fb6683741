import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { cookiesOf, JANE, type AuthTestApp } from '../http/auth/auth.fixtures.js';
import { buildProbeApp, INTRUDER, OWNER, TASK, tokenOf } from './probe.fixtures.js';

/*
 * An attacker with a valid account (docs/spec/auth.md §14 covers honest clients in
 * test/http/auth): session fixation, and mass-assignment of the columns the
 * server owns (`owner`, `creation`, `modified_by`, `docstatus`, a child row
 * of another document). SQLite: these are request-handling rules, not SQL.
 */

const T = '/api/resource/Owned%20Task';
const CHOSEN_SID = 'a'.repeat(56);
const json = { accept: 'application/json' } as const;

describe('session fixation', () => {
  let t: AuthTestApp;
  before(async () => (t = await buildProbeApp()));
  after(async () => t?.close());

  const login = (headers: Record<string, string>, query = '') =>
    t.app.inject({
      method: 'POST',
      url: `/api/method/login${query}`,
      headers: { ...json, ...headers },
      payload: { usr: JANE.user, pwd: JANE.pwd },
    });
  const whoIs = (headers: Record<string, string>, query = '') =>
    t.app.inject({
      url: `/api/method/frappe.auth.get_logged_user${query}`,
      headers: { ...json, ...headers },
    });

  for (const [name, headers, query] of [
    ['PROBE a chosen sid cookie before login', { cookie: `sid=${CHOSEN_SID}` }, ''],
    ['PROBE a chosen ?sid= before login', {}, `?sid=${CHOSEN_SID}`],
  ] as const) {
    it(name, async () => {
      const res = await login(headers, query);
      assert.equal(res.statusCode, 200, res.body);
      const sid = /^sid=([0-9a-f]+);/.exec(cookiesOf(res.headers).get('sid') ?? '')?.[1];
      assert.match(sid ?? '', /^[0-9a-f]{56}$/);
      assert.notEqual(sid, CHOSEN_SID);
      for (const [h, q] of [
        [{ cookie: `sid=${CHOSEN_SID}` }, ''],
        [{}, `?sid=${CHOSEN_SID}`],
      ] as const) {
        const after = await whoIs(h, q);
        assert.equal(after.statusCode, 403, 'the chosen sid must stay Guest');
      }
      assert.equal((await whoIs({ cookie: `sid=${sid}` })).json().message, JANE.user);
    });
  }
});

type Verb = 'GET' | 'POST' | 'PUT';

interface Assignment {
  readonly name: string;
  readonly method: Verb;
  readonly url: string;
  readonly body: Record<string, unknown>;
  readonly status: number;
  readonly excType?: string;
}

describe('mass-assignment of server-owned columns', () => {
  let t: AuthTestApp;
  let ownerRow: string;
  before(async () => {
    t = await buildProbeApp();
    await send({ method: 'POST', url: T, body: { title: 'mine' } });
    const task = await send({ method: 'GET', url: `${T}/${TASK}` }, tokenOf(OWNER));
    ownerRow = (task.json().data.rows as { name: string }[])[0]?.name ?? '';
  });
  after(async () => t?.close());

  function send(
    request: { method: Verb; url: string; body?: Record<string, unknown> },
    auth = tokenOf(INTRUDER),
  ) {
    return t.app.inject({
      method: request.method,
      url: request.url,
      headers: { ...json, authorization: auth },
      ...(request.body === undefined ? {} : { payload: request.body }),
    });
  }

  const CASES: Assignment[] = [
    {
      name: 'PROBE POST owner/creation/modified_by are ignored',
      method: 'POST',
      url: T,
      body: {
        title: 'forged',
        owner: OWNER.user,
        creation: '2000-01-01 00:00:00',
        modified_by: OWNER.user,
      },
      status: 200,
    },
    {
      name: 'PROBE frappe.client.insert owner is ignored',
      method: 'POST',
      url: '/api/method/frappe.client.insert',
      body: { doc: JSON.stringify({ doctype: 'Owned Task', title: 'forged2', owner: OWNER.user }) },
      status: 200,
    },
    {
      name: 'PROBE PUT owner gives the record away: refused',
      method: 'PUT',
      url: `${T}/mine`,
      body: { owner: OWNER.user },
      status: 403,
      excType: 'PermissionError',
    },
    {
      name: 'PROBE set_value owner',
      method: 'POST',
      url: '/api/method/frappe.client.set_value',
      body: { doctype: 'Owned Task', name: 'mine', fieldname: 'owner', value: OWNER.user },
      status: 417,
      excType: 'ValidationError',
    },
    {
      // A docstatus of 1 asks for a submit: Frappe checks the submit right first, so a user without it gets 403.
      name: 'P-14 POST docstatus 1 on a non-submittable DocType',
      method: 'POST',
      url: T,
      body: { title: 'sub', docstatus: 1 },
      status: 403,
      excType: 'PermissionError',
    },
    {
      name: 'P-14 PUT docstatus 1 on a non-submittable DocType',
      method: 'PUT',
      url: `${T}/mine`,
      body: { docstatus: 1 },
      status: 403,
      excType: 'PermissionError',
    },
    {
      name: 'PROBE PUT docstatus 2 on a draft',
      method: 'PUT',
      url: `${T}/mine`,
      body: { docstatus: 2 },
      status: 417,
      excType: 'DocstatusTransitionError',
    },
    {
      name: 'PROBE set_value docstatus',
      method: 'POST',
      url: '/api/method/frappe.client.set_value',
      body: { doctype: 'Owned Task', name: 'mine', fieldname: 'docstatus', value: 1 },
      status: 417,
      excType: 'ValidationError',
    },
  ];

  for (const c of CASES) {
    it(c.name, async () => {
      const res = await send(c);
      assert.equal(res.statusCode, c.status, res.body);
      if (c.excType !== undefined) assert.equal(res.json().exc_type, c.excType);
    });
  }

  it('PROBE forged inserts belong to the caller, dated now', async () => {
    for (const name of ['forged', 'forged2']) {
      const doc = (await send({ method: 'GET', url: `${T}/${name}` })).json().data;
      assert.equal(doc.owner, INTRUDER.user);
      assert.equal(doc.modified_by, INTRUDER.user);
      assert.notEqual(doc.creation.slice(0, 4), '2000');
    }
    const mine = (await send({ method: 'GET', url: `${T}/mine` })).json().data;
    assert.equal(mine.owner, INTRUDER.user);
    assert.equal(mine.docstatus, 0);
    assert.equal((await send({ method: 'GET', url: `${T}/sub` })).statusCode, 404);
  });

  it("PROBE PUT adopting another document's child row is refused", async () => {
    const res = await send({
      method: 'PUT',
      url: `${T}/mine`,
      body: { rows: [{ name: ownerRow, secret_row: 'pwned' }] },
    });
    assert.equal(res.statusCode, 417, res.body);
    assert.equal(res.json().exc_type, 'ValidationError');
    assert.doesNotMatch(res.body, /row-secret/);
    const task = await send({ method: 'GET', url: `${T}/${TASK}` }, tokenOf(OWNER));
    assert.deepEqual(
      task
        .json()
        .data.rows.map((row: { name: string; secret_row: string }) => [row.name, row.secret_row]),
      [[ownerRow, 'row-secret']],
    );
  });
});
