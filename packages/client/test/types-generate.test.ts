import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import demoErp from '@cortado/demo-erp';
import type { DocTypeJson } from '@cortado/protocol';
import { DIALECTS } from '@cortado/server/test/helpers/dialects.js';
import { startCompatServer, type CompatServer } from '@cortado/server/test/compat/compat-server.js';
import { runCommand } from '@cortado/server/test/compat/run-command.js';
import type * as Integration from '../../../examples/erpnext-payments/src/integration.js';
import { generateTypes } from '../src/codegen/index.js';
import { type CortadoClient } from '../src/index.js';
import { DEBIAN_PYTHON } from '@cortado/server/test/helpers/debian-python.js';
import { repoModule, sourceFile } from '@cortado/server/test/helpers/source-tree.js';

/** The example integration (its own TypeScript project), as this run loads modules. */
const { connect, listUnpaidInvoices, receiveInvoiceWebhook, recordPayment } = (await import(
  repoModule('examples/erpnext-payments/src/integration.ts').href
)) as typeof Integration;

/*
 * `cortado types generate` on the demo site (through the real CLI), the same
 * over the API with --from-url, the committed example's types kept equal to
 * a fresh run, and the example integration run against a live demo server.
 */

const BIN = fileURLToPath(new URL('../../cli/bin/cortado.mjs', sourceFile(import.meta.url)));
const EXAMPLE_TYPES = fileURLToPath(
  new URL('../../../examples/erpnext-payments/src/doctypes.d.ts', sourceFile(import.meta.url)),
);
const DEMO_MODULES = [
  '--module',
  'Accounts',
  '--module',
  'Selling',
  '--module',
  'Setup',
  '--module',
  'Stock',
];

const cortado = (args: string[], env: Record<string, string> = {}) =>
  runCommand(process.execPath, [BIN, ...args], env);

describe('generateTypes', () => {
  const doctypes: DocTypeJson[] = [
    {
      name: 'Sales Order',
      module: 'Selling',
      is_submittable: 1,
      fields: [
        {
          fieldname: 'customer',
          fieldtype: 'Link',
          options: 'Customer',
          label: 'Customer',
          reqd: 1,
        },
        { fieldname: 'status', fieldtype: 'Select', options: "\nDraft\nTo Bill\nIt's done" },
        { fieldname: 'free', fieldtype: 'Select', options: '' },
        { fieldname: 'is_internal', fieldtype: 'Check', label: 'Is */ internal' },
        { fieldname: 'total', fieldtype: 'Currency' },
        { fieldname: 'sb', fieldtype: 'Section Break' },
        { fieldname: 'items', fieldtype: 'Table', options: 'Sales Order Item', reqd: 1 },
        { fieldname: 'taxes', fieldtype: 'Table', options: 'Unknown Child' },
        { fieldname: 'party_type', fieldtype: 'Link', options: 'DocType' },
        { fieldname: 'party', fieldtype: 'Dynamic Link', options: 'party_type' },
        { fieldname: 'payload', fieldtype: 'JSON' },
        { fieldname: 'odd-name', fieldtype: 'Data' },
      ],
    },
    { name: 'Sales Order Item', istable: 1, fields: [{ fieldname: 'qty', fieldtype: 'Float' }] },
    { name: 'Sales-Order', fields: [] },
    { name: '2FA Log', issingle: 1, fields: [] },
  ];
  const text = generateTypes(doctypes);

  it('maps each fieldtype as documented', () => {
    assert.match(text, /export interface SalesOrder \{\n {2}doctype\?: 'Sales Order';/);
    assert.match(text, /\/\*\* Customer\. Link to `Customer`\. \*\/\n {2}customer: string;/);
    assert.match(text, /status\?: '' \| 'Draft' \| 'To Bill' \| 'It\\'s done';/);
    assert.match(text, /free\?: string;/);
    assert.match(text, /\/\*\* Is \*\\\/ internal\. \*\/\n {2}is_internal\?: 0 \| 1;/);
    assert.match(text, /total\?: number;/);
    assert.match(text, /items: SalesOrderItem\[\];/);
    assert.match(text, /taxes\?: Array<Record<string, unknown>>;/);
    assert.match(text, /Link to the DocType named in `party_type`\. \*\/\n {2}party\?: string;/);
    assert.match(text, /payload\?: unknown;/);
    assert.match(text, /'odd-name'\?: string;/);
    assert.doesNotMatch(text, /\bsb\b/);
    assert.match(text, /docstatus\?: 0 \| 1 \| 2;/);
    assert.match(text, /export interface SalesOrderItem \{[^}]*parenttype\?: string;/);
  });

  it('names interfaces without clashes and fills the DocTypes map', () => {
    assert.match(text, /export interface _2FALog \{/);
    assert.match(text, /export interface SalesOrder2 \{\n {2}doctype\?: 'Sales-Order';/);
    assert.match(text, /export interface SiteDocTypes \{\n {2}'2FA Log': _2FALog;/);
    assert.match(
      text,
      /declare module '@cortado\/client' \{\n[^\n]*\n {2}interface DocTypes extends SiteDocTypes \{\}\n\}/,
    );
    assert.equal(
      generateTypes([...doctypes].reverse()),
      text,
      'output does not depend on input order',
    );
  });
});

describe('cortado types generate', () => {
  let sites: string;
  let fromSite: string;
  before(async () => {
    sites = await mkdtemp(join(tmpdir(), 'cortado-types-'));
    const env = { CORTADO_SITES_DIR: sites };
    const created = await cortado(
      [
        'new-site',
        'demo.localhost',
        '--install-app',
        '@cortado/demo-erp',
        '--admin-password',
        'Types-Admin-1',
      ],
      env,
    );
    assert.equal(created.code, 0, created.stderr);
    const generated = await cortado(
      ['--site', 'demo.localhost', 'types', 'generate', ...DEMO_MODULES, '--out', '-'],
      env,
    );
    assert.equal(generated.code, 0, generated.stderr);
    fromSite = generated.stdout;
  });
  after(async () => {
    if (sites !== undefined) await rm(sites, { recursive: true, force: true });
  });

  it('the example in examples/ uses exactly what the demo site generates', async () => {
    assert.equal(await readFile(EXAMPLE_TYPES, 'utf8'), fromSite);
    assert.match(fromSite, /export interface PaymentEntry \{/);
    assert.match(fromSite, /references\?: PaymentEntryReference\[\];/);
  });

  it('writes a file; an unknown DocType or missing credentials fail with one line', async () => {
    const env = { CORTADO_SITES_DIR: sites };
    const out = join(sites, 'types.d.ts');
    const written = await cortado(
      ['--site', 'demo.localhost', 'types', 'generate', '--doctype', 'Sales Invoice', '--out', out],
      env,
    );
    assert.equal(written.code, 0, written.stderr);
    assert.match(written.stdout, /^Wrote 2 DocTypes to /);
    const file = await readFile(out, 'utf8');
    assert.match(file, /export interface SalesInvoiceItem \{/);
    const unknown = await cortado(
      ['--site', 'demo.localhost', 'types', 'generate', '--doctype', 'Nope', '--out', '-'],
      env,
    );
    assert.notEqual(unknown.code, 0);
    assert.equal(unknown.stderr.trim(), 'Error: DocType Nope not found');
    const noToken = await cortado(
      ['types', 'generate', '--from-url', 'http://127.0.0.1:9', '--out', '-'],
      {
        CORTADO_API_KEY: '',
      },
    );
    assert.match(
      noToken.stderr.trim(),
      /^Error: --from-url needs CORTADO_API_KEY and CORTADO_API_SECRET/,
    );
  });

  for (const dialect of DIALECTS) {
    describe(`against a live demo server on ${dialect}`, () => {
      let server: CompatServer;
      before(async () => void (server = await startCompatServer(dialect, { apps: [demoErp] })));
      after(async () => server?.close());

      const overApi = (args: string[]) =>
        cortado(['types', 'generate', '--from-url', server.url, ...args, '--out', '-'], {
          CORTADO_API_KEY: server.apiKey,
          CORTADO_API_SECRET: server.apiSecret,
        });

      it('--from-url generates the same types over the API, finding the app DocTypes by module', async () => {
        const remote = await overApi(DEMO_MODULES);
        assert.equal(remote.code, 0, remote.stderr);
        const body = (text: string) => text.split('\n').slice(1).join('\n');
        assert.equal(body(remote.stdout), body(fromSite));
      });

      it('--from-url without --doctype or --module covers every DocType the site lists', async () => {
        const remote = await overApi([]);
        assert.equal(remote.code, 0, remote.stderr);
        const map = /export interface SiteDocTypes \{\n([^}]*)\}/.exec(remote.stdout)?.[1] ?? '';
        const generated = [...map.matchAll(/^ {2}'?([^':]+)'?:/gm)].map((match) => match[1]);
        const erp = connect(server.url, server.apiKey, server.apiSecret);
        const listed = await erp.getList('DocType', { fields: ['name'], limit: 0 });
        assert.deepEqual(generated.sort(), listed.map((row) => row.name).sort());
        assert.equal(await erp.getCount('DocType'), listed.length);
        for (const name of ['User', 'ToDo', 'Sales Invoice', 'Payment Entry Reference'])
          assert.ok(generated.includes(name), `${name} in the generated map`);
      });

      it('the example lists unpaid invoices, records a payment and accepts a signed webhook', async () => {
        const erp = connect(server.url, server.apiKey, server.apiSecret);
        const customer = await seedInvoices(erp);
        const unpaid = await listUnpaidInvoices(erp, customer);
        assert.deepEqual(
          unpaid.map((invoice) => invoice.outstanding_amount),
          [30, 50],
        );
        const [first] = unpaid;
        assert.ok(first);
        const payment = await recordPayment(erp, first, 'Example Co', '2026-01-15');
        assert.equal(payment.docstatus, 1);
        assert.equal((await erp.getDoc('Sales Invoice', first.name)).outstanding_amount, 0);
        assert.deepEqual(
          (await listUnpaidInvoices(erp)).map((invoice) => invoice.name),
          [unpaid[1]?.name],
        );

        const body = JSON.stringify({
          doctype: 'Sales Invoice',
          name: first.name,
          data: { status: 'Paid' },
        });
        const stamp = Math.floor(Date.now() / 1000);
        const signer = fileURLToPath(
          new URL('./python/sign_webhook.py', sourceFile(import.meta.url)),
        );
        const signed = await runCommand(
          DEBIAN_PYTHON,
          [signer, 'example-secret', 'whd_1', String(stamp)],
          { WEBHOOK_BODY: body },
        );
        const headers = JSON.parse(signed.stdout) as Record<string, string>;
        const request = (secret: string) =>
          receiveInvoiceWebhook(
            new Request('http://receiver/hook', { method: 'POST', headers, body }),
            secret,
          );
        const accepted = await request('example-secret');
        assert.equal(accepted.status, 200);
        assert.deepEqual(await accepted.json(), {
          delivery: 'whd_1',
          invoice: first.name,
          status: 'Paid',
        });
        assert.equal((await request('wrong-secret')).status, 401);
      });
    });
  }
});

/** Masters and two submitted invoices of one customer, created over the API as an integration would. */
async function seedInvoices(erp: CortadoClient): Promise<string> {
  await erp.insert('Company', { company_name: 'Example Co', abbr: 'EXC', default_currency: 'EUR' });
  const customer = (await erp.insert('Customer', { customer_name: 'Example Customer' })).name;
  await erp.insert('UOM', { uom_name: 'Nos' });
  await erp.insert('Item Group', { item_group_name: 'Example Goods' });
  await erp.insert('Item', {
    item_code: 'EX-1',
    item_name: 'Example item',
    item_group: 'Example Goods',
  });
  for (const [qty, due] of [
    [3, '2026-01-31'],
    [5, '2026-02-28'],
  ] as const) {
    const draft = await erp.insert('Sales Invoice', {
      customer,
      company: 'Example Co',
      posting_date: '2026-01-01',
      due_date: due,
      items: [{ item_code: 'EX-1', qty, rate: 10 }],
    });
    await erp.submit('Sales Invoice', draft.name);
  }
  return customer;
}
