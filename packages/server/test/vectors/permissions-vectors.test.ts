import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { InjectOptions } from 'fastify';
import type { AuthTestApp } from '../http/auth/auth.fixtures.js';
import { DIALECTS } from '../helpers/dialects.js';
import {
  buildProbeApp,
  GONE_TOKEN,
  INTRUDER,
  OWNER,
  POINTER,
  TASK,
  tokenOf,
  WEB_TOKEN,
} from './probe.fixtures.js';

/*
 * docs/spec/permissions.md §11 vectors not covered elsewhere, and an attacker's tour:
 * another user's if-owner record must stay out of reach on every route
 * (REST v1/v2, frappe.client.*, Link joins, child tables, document methods).
 * Each case names the vector (P-n: docs/spec/permissions.md §11 row n; PROBE: beyond
 * the table) and runs as a System User without roles, a Website User, Guest
 * and a disabled user's API key.
 */

const e = encodeURIComponent;
const json = (value: unknown) => e(JSON.stringify(value));
const SECRETS = /owner-only|row-secret|pwned/;

interface Probe {
  readonly name: string;
  readonly method?: InjectOptions['method'];
  readonly url: string;
  readonly body?: Record<string, unknown>;
  /** Status for a signed-in user; Guest always gets 403 and the disabled key 401. */
  readonly status: number;
  /** The exact JSON body for a signed-in user, when the status is 200. */
  readonly body200?: unknown;
}

const T = '/api/resource/Owned%20Task';
const V2 = '/api/v2/document/Owned%20Task';
const C = '/api/method/frappe.client';

const READS: Probe[] = [
  {
    name: 'P-10 v1 list keeps only own rows',
    url: `${T}?fields=${json(['name', 'secret'])}`,
    status: 200,
    body200: { data: [] },
  },
  { name: 'P-11 v1 get', url: `${T}/${TASK}`, status: 403 },
  { name: 'P-10 v2 list', url: V2, status: 200, body200: { data: [], has_next_page: false } },
  { name: 'P-11 v2 get', url: `${V2}/${TASK}`, status: 403 },
  {
    name: 'P-10 v2 count',
    url: '/api/v2/doctype/Owned%20Task/count',
    status: 200,
    body200: { data: 0 },
  },
  {
    name: 'P-11 frappe.client.get',
    url: `${C}.get?doctype=Owned%20Task&name=${TASK}`,
    status: 403,
  },
  {
    name: 'P-10 frappe.client.get_list',
    url: `${C}.get_list?doctype=Owned%20Task&fields=${json(['name', 'secret'])}`,
    status: 200,
    body200: { message: [] },
  },
  {
    name: 'P-10 frappe.client.get_value by name',
    url: `${C}.get_value?doctype=Owned%20Task&filters=${TASK}&fieldname=secret`,
    status: 200,
    body200: { message: {} },
  },
  {
    name: 'P-10 frappe.client.get_value by filter',
    url: `${C}.get_value?doctype=Owned%20Task&filters=${json({ title: TASK })}&fieldname=secret`,
    status: 200,
    body200: { message: {} },
  },
  {
    name: 'P-10 frappe.client.get_count',
    url: `${C}.get_count?doctype=Owned%20Task`,
    status: 200,
    body200: { message: 0 },
  },
  {
    name: 'P-10 filter oracle on a hidden column',
    url: `${T}?filters=${json([['secret', '=', 'owner-only']])}&fields=${json(['count(name) as c'])}`,
    status: 200,
    body200: { data: [{ c: 0 }] },
  },
  {
    name: 'PROBE validate_link does not confirm the record',
    url: `${C}.validate_link?doctype=Owned%20Task&docname=${TASK}&fields=${json(['secret'])}`,
    status: 200,
    body200: { message: { name: null } },
  },
  {
    name: 'PROBE Link field column of an unreadable record is null',
    url: `/api/resource/Task%20Pointer?fields=${json(['name', 'task.secret'])}`,
    status: 200,
    body200: { data: [{ name: POINTER, secret: null }] },
  },
  {
    name: 'PROBE Link field filter is no oracle',
    url: `/api/resource/Task%20Pointer?filters=${json([['task.secret', '=', 'owner-only']])}`,
    status: 200,
    body200: { data: [] },
  },
  {
    name: 'PROBE expand_links v1',
    url: `/api/resource/Task%20Pointer/${POINTER}?expand_links=1`,
    status: 200,
  },
  {
    name: 'PROBE expand_links v2',
    url: `/api/v2/document/Task%20Pointer/${POINTER}?expand_links=1`,
    status: 200,
  },
  { name: 'P-33 child list without parent', url: '/api/resource/Owned%20Task%20Row', status: 403 },
  {
    name: 'P-34 child list with parent= keeps readable parents only',
    url: `/api/resource/Owned%20Task%20Row?parent=Owned%20Task&fields=${json(['name', 'secret_row'])}`,
    status: 200,
    body200: { data: [] },
  },
  {
    name: 'P-34 frappe.client.get_list child with parent',
    url: `${C}.get_list?doctype=Owned%20Task%20Row&parent=Owned%20Task&fields=${json(['secret_row'])}`,
    status: 200,
    body200: { message: [] },
  },
  {
    name: 'P-34 frappe.client.get_value child with parent',
    url: `${C}.get_value?doctype=Owned%20Task%20Row&parent=Owned%20Task&filters=${json({ parent: TASK })}&fieldname=secret_row`,
    status: 200,
    body200: { message: {} },
  },
  {
    name: 'P-35 child list under a DocType without that table',
    url: `${C}.get_list?doctype=Owned%20Task%20Row&parent=Task%20Pointer`,
    status: 403,
  },
  { name: 'PROBE run_method GET', url: `${T}/${TASK}?run_method=reveal`, status: 403 },
  {
    name: 'PROBE run_method POST',
    method: 'POST',
    url: `${T}/${TASK}?run_method=reveal`,
    status: 403,
  },
  { name: 'PROBE method path POST', method: 'POST', url: `${T}/${TASK}/reveal`, status: 403 },
  { name: 'PROBE v2 document method', url: `${V2}/${TASK}/method/reveal`, status: 403 },
  { name: 'PROBE v2 copy', url: `${V2}/${TASK}/copy`, status: 403 },
];

const WRITES: Probe[] = [
  {
    name: 'P-11 v1 PUT',
    method: 'PUT',
    url: `${T}/${TASK}`,
    body: { secret: 'pwned' },
    status: 403,
  },
  {
    name: 'P-11 v2 PATCH',
    method: 'PATCH',
    url: `${V2}/${TASK}`,
    body: { secret: 'pwned' },
    status: 403,
  },
  {
    name: 'P-11 set_value',
    method: 'POST',
    url: `${C}.set_value`,
    body: { doctype: 'Owned Task', name: TASK, fieldname: 'secret', value: 'pwned' },
    status: 403,
  },
  {
    name: 'P-11 save',
    method: 'POST',
    url: `${C}.save`,
    body: {
      doc: JSON.stringify({ doctype: 'Owned Task', name: TASK, title: TASK, secret: 'pwned' }),
    },
    status: 403,
  },
  {
    name: 'P-11 rename_doc',
    method: 'POST',
    url: `${C}.rename_doc`,
    body: { doctype: 'Owned Task', old_name: TASK, new_name: 'stolen' },
    status: 403,
  },
  { name: 'P-11 v1 DELETE', method: 'DELETE', url: `${T}/${TASK}`, status: 403 },
  {
    name: 'P-11 frappe.client.delete',
    method: 'POST',
    url: `${C}.delete`,
    body: { doctype: 'Owned Task', name: TASK },
    status: 403,
  },
  { name: 'P-11 v2 DELETE', method: 'DELETE', url: `${V2}/${TASK}`, status: 403 },
];

const CALLERS = [
  { who: 'System User without roles', auth: tokenOf(INTRUDER) },
  { who: 'Website User', auth: tokenOf(WEB_TOKEN) },
  { who: 'Guest', auth: null },
  { who: 'disabled user key', auth: GONE_TOKEN },
] as const;

async function send(t: AuthTestApp, probe: Probe, auth: string | null) {
  return t.app.inject({
    method: probe.method ?? 'GET',
    url: probe.url,
    headers: { accept: 'application/json', ...(auth === null ? {} : { authorization: auth }) },
    ...(probe.body === undefined ? {} : { payload: probe.body }),
  });
}

async function storedTask(t: AuthTestApp): Promise<Record<string, unknown>> {
  const res = await send(t, { name: '', url: `${T}/${TASK}`, status: 200 }, tokenOf(OWNER));
  assert.equal(res.statusCode, 200, res.body);
  return (res.json() as { data: Record<string, unknown> }).data;
}

for (const dialect of DIALECTS) {
  describe(`another user's if-owner record on ${dialect}`, () => {
    let t: AuthTestApp;
    let original: Record<string, unknown>;
    before(async () => {
      t = await buildProbeApp(dialect);
      original = await storedTask(t);
    });
    after(async () => t?.close());

    for (const { who, auth } of CALLERS) {
      for (const probe of [...READS, ...WRITES]) {
        it(`${probe.name} (${who})`, async () => {
          const res = await send(t, probe, auth);
          const expected = auth === GONE_TOKEN ? 401 : auth === null ? 403 : probe.status;
          assert.equal(res.statusCode, expected, res.body);
          assert.doesNotMatch(res.body, SECRETS);
          if (expected === 200 && probe.body200 !== undefined)
            assert.deepEqual(res.json(), probe.body200);
        });
      }
    }

    it('nothing was changed, the owner still reads everything', async () => {
      const task = await storedTask(t);
      assert.deepEqual(task, original);
      assert.equal(task['secret'], 'owner-only');
      const res = await send(
        t,
        {
          name: '',
          url: `/api/resource/Task%20Pointer?fields=${json(['task.secret'])}`,
          status: 200,
        },
        tokenOf(OWNER),
      );
      assert.deepEqual(res.json(), { data: [{ secret: 'owner-only' }] });
    });

    it('P-36 a child row of an unreadable parent', async () => {
      const row = (original['rows'] as { name: string }[])[0]?.name ?? '';
      for (const url of [
        `/api/resource/Owned%20Task%20Row/${row}`,
        `${C}.get?doctype=Owned%20Task%20Row&name=${row}`,
      ]) {
        const res = await send(t, { name: '', url, status: 403 }, tokenOf(INTRUDER));
        assert.equal(res.statusCode, 403, `${url}: ${res.body}`);
        assert.doesNotMatch(res.body, SECRETS);
      }
    });
  });
}
