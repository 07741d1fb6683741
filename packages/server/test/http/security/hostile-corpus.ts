import { FILTER_OPERATORS } from '@cortado/protocol';
import fc from 'fast-check';
import { AUDITOR, CLERK, PEEKER } from './security.fixtures.js';

/*
 * Generators of hostile requests for the corpus: every list, RPC and REST
 * parameter of the Vault world, filled with names that exist, names that
 * must be refused (unreadable, Password, injections), and values of every
 * JSON shape.
 */

/** One generated request. */
export interface HostileCase {
  readonly method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  readonly url: string;
  readonly body?: unknown;
  readonly headers: Record<string, string>;
  /** Whether the caller may read level 1 (its answers may hold secrets). */
  readonly readsLevel1: boolean;
}

const USERS = [
  { headers: CLERK, readsLevel1: false },
  { headers: PEEKER, readsLevel1: false },
  { headers: { 'x-test-user': 'nobody@example.com' }, readsLevel1: false },
  { headers: {}, readsLevel1: false },
  { headers: AUDITOR, readsLevel1: true },
];

const COLUMNS = [
  'name',
  'title',
  'amount',
  'secret',
  'api_password',
  'owner',
  'modified',
  'docstatus',
  'idx',
  'rows.item',
  'rows.cost',
  'ledger.item',
  'ledger.cost',
  '`tabVault Row`.item',
  'tabVault Row.cost',
  'parent',
  'no_such_field',
  '_user_tags',
  '_seen',
  'name; drop table x',
  '(select 1)',
  'sleep(1)',
  '`name`',
  'count(name)',
  'max(secret)',
  'sum(amount)',
  'count(distinct secret)',
  'avg(rows.cost)',
  '*',
  'name as n',
  'title as `x`; --',
  '__proto__',
  'constructor',
  'Ünïcødé',
  '',
];

/** Every real operator, then mis-cased, unknown and injected ones. */
const OPERATORS = [...FILTER_OPERATORS, 'LIKE', ' In ', 'regexp', '= 1 or 1=1 --', '', 'is not'];

const scalar = fc.oneof(
  fc.string({ maxLength: 12 }),
  fc.constantFrom(
    '%',
    '%T%',
    '_',
    "' or '1'='1",
    '"; drop table x; --',
    'set',
    'not set',
    'today',
    'last month',
    '2024-13-45',
    '1 week',
    '1e309',
    '-0',
    'NaN',
    'null',
    'x'.repeat(2500),
    '☕名前',
    '\u202e',
    'Administrator',
  ),
  fc.integer(),
  fc.double({ noNaN: true }),
  fc.boolean(),
  fc.constant(null),
);

const value: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 5, arbitrary: scalar },
  { weight: 1, arbitrary: fc.array(scalar, { maxLength: 4 }) },
  {
    weight: 1,
    arbitrary: fc.dictionary(fc.constantFrom('__proto__', 'a', 'constructor', 'name'), scalar, {
      maxKeys: 2,
    }),
  },
  { weight: 1, arbitrary: fc.constant(Array.from({ length: 40 }, (_, i) => [[i]])) },
);

const column = fc.constantFrom(...COLUMNS);

const condition = fc.oneof(
  fc.tuple(column, fc.constantFrom(...OPERATORS), value),
  fc.tuple(
    fc.constantFrom('Vault Doc', 'Vault Row', 'User', 'x'),
    column,
    fc.constantFrom(...OPERATORS),
    value,
  ),
  fc.tuple(column, value),
  fc.constant('name'),
);

const filters: fc.Arbitrary<unknown> = fc.oneof(
  fc.array(condition, { maxLength: 3 }),
  fc.dictionary(column, fc.oneof(value, fc.tuple(fc.constantFrom(...OPERATORS), value)), {
    maxKeys: 3,
  }),
  scalar,
  fc.constant('[["title","like"'),
);

const orderBy = fc.oneof(
  fc.constantFrom(
    'title desc',
    'secret',
    'api_password asc',
    'rows.cost desc',
    'amount, name',
    'max(secret) desc',
    'name; drop table x',
    '1',
    'title desc, secret asc',
  ),
  column.map((c) => `${c} ${'desc'}`),
);

const listArgs = fc.record(
  {
    fields: fc.oneof(fc.array(column, { maxLength: 4 }), scalar),
    filters,
    or_filters: filters,
    order_by: orderBy,
    group_by: fc.oneof(column, fc.constant('title, secret')),
    limit_start: fc.oneof(fc.integer({ min: -5, max: 50 }), scalar),
    limit_page_length: fc.oneof(fc.integer({ min: -1, max: 500 }), scalar),
    limit: fc.oneof(fc.integer({ min: -1, max: 50 }), scalar),
    as_list: fc.oneof(fc.boolean(), scalar),
    pluck: column,
    distinct: fc.oneof(fc.boolean(), scalar),
    parent: fc.constantFrom('Vault Doc', 'User', 'x'),
    expand: fc.constantFrom('["rows"]', 'x'),
  },
  { requiredKeys: [] },
);

const encode = (args: Record<string, unknown>): string =>
  new URLSearchParams(
    Object.entries(args).map(([k, v]): [string, string] => [
      k,
      typeof v === 'string' ? v : (JSON.stringify(v) ?? ''),
    ]),
  ).toString();

const row = fc.oneof(
  fc.record({ item: scalar, cost: scalar }, { requiredKeys: [] }),
  scalar,
  fc.constant({ __proto__: { admin: 1 }, item: 'p' }),
  fc.constant({ name: 'someone-elses-row', item: 'x' }),
);

const docBody = fc.record(
  {
    title: value,
    amount: value,
    secret: value,
    api_password: value,
    docstatus: fc.oneof(fc.constantFrom(0, 1, 2, '1', -1), scalar),
    owner: fc.constantFrom('Administrator', 'clerk@example.com'),
    name: scalar,
    doctype: fc.constantFrom('Vault Doc', 'Vault Row', 'User', 'x'),
    rows: fc.oneof(fc.array(row, { maxLength: 3 }), value),
    ledger: fc.array(row, { maxLength: 2 }),
    modified: fc.constantFrom('2020-01-01 00:00:00', 'x'),
    __islocal: fc.boolean(),
    flags: fc.constant({ ignore_permissions: true }),
    ignore_permissions: fc.constant(1),
  },
  { requiredKeys: [] },
);

/** `{name}` in a URL or body is replaced by an existing vault document's name. */
const target = fc.constantFrom(
  '{name}',
  'NOPE',
  '..%2F..%2Fsite_config.json',
  '%E2%98%95',
  'x'.repeat(300),
);

const R = '/api/resource/Vault%20Doc';
const V2 = '/api/v2/document/Vault%20Doc';
const M = '/api/method/frappe.client';

type Shape = Omit<HostileCase, 'headers' | 'readsLevel1'>;

const shapes: fc.Arbitrary<Shape> = fc.oneof(
  listArgs.map((a): Shape => ({ method: 'GET', url: `${R}?${encode(a)}` })),
  listArgs.map((a): Shape => ({ method: 'GET', url: `${V2}?${encode(a)}` })),
  listArgs.map((a): Shape => ({
    method: 'GET',
    url: `${M}.get_list?${encode({ doctype: 'Vault Doc', ...a })}`,
  })),
  listArgs.map((a): Shape => ({
    method: 'POST',
    url: `${M}.get_list`,
    body: { doctype: 'Vault Doc', ...a },
  })),
  listArgs.map((a): Shape => ({
    method: 'GET',
    url: `${M}.get_count?${encode({ doctype: 'Vault Doc', ...a })}`,
  })),
  fc
    .tuple(listArgs, fc.oneof(column, fc.constant('["title","secret"]')))
    .map(([a, fieldname]): Shape => ({
      method: 'GET',
      url: `${M}.get_value?${encode({ doctype: 'Vault Doc', fieldname, filters: a.filters ?? '{name}' })}`,
    })),
  fc
    .tuple(target, listArgs)
    .map(([n, a]): Shape => ({ method: 'GET', url: `${R}/${n}?${encode(a)}` })),
  fc
    .tuple(
      target,
      fc.constantFrom('', '/copy', '/method/show', '/method/touch', '/method/__proto__'),
    )
    .map(([n, rest]): Shape => ({ method: 'GET', url: `${V2}/${n}${rest}` })),
  fc.tuple(target, docBody).map(([n, b]): Shape => ({ method: 'PUT', url: `${R}/${n}`, body: b })),
  fc
    .tuple(target, docBody)
    .map(([n, b]): Shape => ({ method: 'PATCH', url: `${V2}/${n}`, body: b })),
  docBody.map((b): Shape => ({ method: 'POST', url: R, body: b })),
  docBody.map((b): Shape => ({ method: 'POST', url: V2, body: b })),
  docBody.map((b): Shape => ({ method: 'POST', url: `${M}.insert`, body: { doc: b } })),
  fc
    .array(docBody, { maxLength: 3 })
    .map((docs): Shape => ({ method: 'POST', url: `${M}.insert_many`, body: { docs } })),
  docBody.map((b): Shape => ({
    method: 'POST',
    url: `${M}.save`,
    body: { doc: { ...b, name: '{name}', doctype: 'Vault Doc' } },
  })),
  docBody.map((b): Shape => ({
    method: 'POST',
    url: `${M}.submit`,
    body: { doc: { ...b, name: '{name}', doctype: 'Vault Doc' } },
  })),
  fc.tuple(column, value).map(([fieldname, v]): Shape => ({
    method: 'POST',
    url: `${M}.set_value`,
    body: { doctype: 'Vault Doc', name: '{name}', fieldname, value: v },
  })),
  fc.tuple(target, fc.constantFrom('cancel', 'delete')).map(([n, m]): Shape => ({
    method: 'POST',
    url: `${M}.${m}`,
    body: { doctype: 'Vault Doc', name: n },
  })),
  fc.tuple(target, scalar).map(([n, newName]): Shape => ({
    method: 'POST',
    url: `${M}.rename_doc`,
    body: { doctype: 'Vault Doc', old_name: n, new_name: newName },
  })),
  fc
    .tuple(target, fc.constantFrom('show', 'touch', 'constructor', '__proto__'))
    .map(([n, m]): Shape => ({ method: 'POST', url: `${R}/${n}?run_method=${m}` })),
  target.map((n): Shape => ({ method: 'DELETE', url: `${R}/${n}` })),
  fc
    .tuple(target, fc.constantFrom('Vault Doc', 'Vault Row', 'User'))
    .map(([n, doctype]): Shape => ({
      method: 'GET',
      url: `${M}.get?${encode({ doctype, name: n })}`,
    })),
  fc
    .tuple(fc.constantFrom('Vault%20Row', 'User', 'Has%20Role', 'tabUser', '__Auth'), listArgs)
    .map(([dt, a]): Shape => ({ method: 'GET', url: `/api/resource/${dt}?${encode(a)}` })),
);

/** DocType arguments: the vault, its child, DocTypes a Clerk may not touch, and injections. */
const doctypeArg = fc.oneof(
  { weight: 4, arbitrary: fc.constant('Vault Doc') },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      'Vault Row',
      'User',
      '__Auth',
      'tabUser',
      'DocType',
      "Vault Doc' or '1'='1",
      '',
    ),
  },
  { weight: 1, arbitrary: scalar },
);

/**
 * The other arguments of the frappe.client and report-view methods, each
 * present or not, each a name that exists, one that must be refused or a
 * value of the wrong shape.
 */
const rpcArgs = fc.record(
  {
    doctype: doctypeArg,
    name: fc.oneof(target, scalar),
    fieldname: fc.oneof(
      column,
      fc.constant('{"title": "x", "secret": "y"}'),
      fc.dictionary(column, scalar, { maxKeys: 2 }),
      fc.array(column, { maxLength: 3 }),
      scalar,
    ),
    value: value,
    doc: fc.oneof(
      docBody.map((b) => ({ ...b, doctype: 'Vault Doc', name: '{name}' })),
      docBody.map((b) => JSON.stringify(b)),
      scalar,
    ),
    docs: fc.oneof(fc.array(docBody, { maxLength: 2 }), scalar),
    old_name: target,
    new_name: scalar,
    merge: fc.oneof(fc.boolean(), scalar),
    as_dict: fc.oneof(fc.boolean(), scalar),
    debug: fc.oneof(fc.constantFrom(1, '1', true), scalar),
    parent: fc.constantFrom('Vault Doc', 'User', '', 'x'),
    distinct: fc.oneof(fc.boolean(), scalar),
    start: fc.oneof(fc.integer({ min: -5, max: 50 }), scalar),
    page_length: fc.oneof(fc.integer({ min: -1, max: 500 }), scalar),
    field: column,
    items: fc.oneof(fc.array(target, { maxLength: 2 }), scalar),
  },
  { requiredKeys: [] },
);

const CLIENT_METHODS = [
  'get_list',
  'get_count',
  'get_value',
  'get',
  'set_value',
  'insert',
  'insert_many',
  'save',
  'delete',
  'rename_doc',
  'submit',
  'cancel',
  'get_single_value',
  'has_permission',
].map((m) => `frappe.client.${m}`);
const REPORTVIEW_METHODS = ['get', 'get_list', 'get_count', 'delete_items'].map(
  (m) => `frappe.desk.reportview.${m}`,
);

/** Every method above, through v1 and v2, by GET (query string) or POST (JSON body). */
const rpcShapes: fc.Arbitrary<Shape> = fc
  .tuple(
    fc.constantFrom(...CLIENT_METHODS, ...REPORTVIEW_METHODS),
    fc.constantFrom('/api/method', '/api/v2/method'),
    fc.boolean(),
    // Without list arguments half the time, so calls also get past the argument checks.
    fc.oneof(fc.constant({}), listArgs),
    rpcArgs,
  )
  .map(([method, prefix, post, list, args]): Shape => {
    const all = { ...list, ...args };
    return post
      ? { method: 'POST', url: `${prefix}/${method}`, body: all }
      : { method: 'GET', url: `${prefix}/${method}?${encode(all)}` };
  });

/** v2's `/api/v2/method/{DocType}/{method}` and `run_doc_method`. */
const v2MethodShapes: fc.Arbitrary<Shape> = fc.oneof(
  fc
    .tuple(
      fc.constantFrom('Vault%20Doc', 'User', 'Vault%20Row', '__Auth'),
      fc.constantFrom('show', 'touch', 'get_all_roles', '__proto__'),
      rpcArgs,
    )
    .map(([dt, m, args]): Shape => ({
      method: 'POST',
      url: `/api/v2/method/${dt}/${m}`,
      body: args,
    })),
  fc
    .tuple(target, fc.constantFrom('show', 'touch', 'constructor'), rpcArgs)
    .map(([n, m, args]): Shape => ({
      method: 'POST',
      url: '/api/v2/method/run_doc_method',
      body: { dt: 'Vault Doc', dn: n, method: m, args: JSON.stringify(args) },
    })),
);

/** A hostile request from one of the world's users. */
export const hostileCase: fc.Arbitrary<HostileCase> = fc
  .tuple(
    fc.oneof(
      { weight: 3, arbitrary: shapes },
      { weight: 2, arbitrary: rpcShapes },
      { weight: 1, arbitrary: v2MethodShapes },
    ),
    fc.constantFrom(...USERS),
  )
  .map(([shape, user]) => ({ ...shape, headers: user.headers, readsLevel1: user.readsLevel1 }));
