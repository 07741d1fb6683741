import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import type { DocTypeJson, ExcType } from '@cortado/protocol';
import { statusForExcType } from '@cortado/protocol';
import { FrappeError } from '../../../src/core/errors/index.js';
import type { Context } from '../../../src/engine/context.js';
import { insertDoc, submitDoc, cancelDoc } from '../../../src/engine/document.js';
import type { Site } from '../../../src/engine/site.js';
import { withContext } from '../../../src/engine/runtime/with-context.js';
import { hasTable } from '../../../src/model/schema-sync.js';
import type { DbType } from '../../../src/platform/db/database.js';
import { TEST_DOCTYPES, openTestSite, type TestSite } from '../document/document.fixtures.js';

/** One field per fieldtype family, each with a value check of its own. */
export const TYPES_DOCTYPE = {
  doctype: 'DocType',
  name: 'Hostile Types',
  module: 'Test',
  autoname: 'hash',
  permissions: [{ role: 'System Manager', read: 1, write: 1, create: 1, delete: 1 }],
  fields: [
    { fieldname: 'int_f', fieldtype: 'Int', label: 'Int' },
    { fieldname: 'float_f', fieldtype: 'Float', label: 'Float' },
    { fieldname: 'cur_f', fieldtype: 'Currency', label: 'Currency' },
    { fieldname: 'pct_f', fieldtype: 'Percent', label: 'Percent' },
    { fieldname: 'chk_f', fieldtype: 'Check', label: 'Check' },
    { fieldname: 'date_f', fieldtype: 'Date', label: 'Date' },
    { fieldname: 'dt_f', fieldtype: 'Datetime', label: 'Datetime' },
    { fieldname: 'time_f', fieldtype: 'Time', label: 'Time' },
    { fieldname: 'rating_f', fieldtype: 'Rating', label: 'Rating' },
    { fieldname: 'json_f', fieldtype: 'JSON', label: 'JSON' },
    { fieldname: 'sel_f', fieldtype: 'Select', label: 'Select', options: 'Red\nGreen' },
    { fieldname: 'link_f', fieldtype: 'Link', label: 'Link', options: 'Test Customer' },
    { fieldname: 'data_f', fieldtype: 'Data', label: 'Data', length: 20 },
    { fieldname: 'text_f', fieldtype: 'Small Text', label: 'Small Text' },
    { fieldname: 'email_f', fieldtype: 'Data', label: 'Email', options: 'Email' },
  ],
} as DocTypeJson;

/** Records every case starts from (created once, committed). */
export interface Baseline {
  readonly customer: string;
  readonly other: string;
  readonly draft: string;
  readonly submitted: string;
  readonly cancelled: string;
  readonly draftRow: string;
  readonly submittedRow: string;
  readonly modified: string;
}

export interface HostileWorld {
  readonly test: TestSite;
  readonly site: Site;
  readonly baseline: Baseline;
}

export async function openHostileWorld(type: DbType): Promise<HostileWorld> {
  const test = await openTestSite(type, [...TEST_DOCTYPES, TYPES_DOCTYPE]);
  const baseline = await test.run(createBaseline);
  return { test, site: test.site, baseline };
}

async function createBaseline(ctx: Context): Promise<Baseline> {
  const customer = await insertDoc(ctx, {
    doctype: 'Test Customer',
    customer_name: 'Acme',
    code: 'AC1',
    tax_id: 'T-1',
    email: 'a@acme.test',
  });
  const other = await insertDoc(ctx, {
    doctype: 'Test Customer',
    customer_name: 'Globex',
    code: 'GL1',
  });
  const invoice = (remarks: string) =>
    insertDoc(ctx, {
      doctype: 'Test Invoice',
      customer: 'Acme',
      remarks,
      total: 10,
      items: [{ item: 'Pen', qty: 1 }],
    });
  const draft = await invoice('draft');
  const submitted = await invoice('submitted');
  await submitDoc(ctx, 'Test Invoice', String(submitted.name));
  const cancelled = await invoice('cancelled');
  await submitDoc(ctx, 'Test Invoice', String(cancelled.name));
  await cancelDoc(ctx, 'Test Invoice', String(cancelled.name));
  const rowOf = (doc: Record<string, unknown>) =>
    String((doc['items'] as { name: string }[])[0]!.name);
  return {
    customer: String(customer.name),
    other: String(other.name),
    draft: String(draft.name),
    submitted: String(submitted.name),
    cancelled: String(cancelled.name),
    draftRow: rowOf(draft),
    submittedRow: rowOf(submitted),
    modified: String(customer.modified),
  };
}

/** Row counts and a checksum of every table of the site, rows sorted. */
export async function snapshot(site: Site): Promise<Record<string, string>> {
  const tables = [
    ...site.meta
      .all()
      .filter(hasTable)
      .map((meta) => meta.tableName),
    'tabSeries',
    'tabSingles',
  ];
  const result: Record<string, string> = {};
  for (const table of tables) {
    const rows = (await site.db.kysely.selectFrom(table).selectAll().execute())
      .map((row) => JSON.stringify(row))
      .sort();
    const digest = createHash('sha256').update(rows.join('\n')).digest('hex').slice(0, 16);
    result[table] = `${rows.length}:${digest}`;
  }
  return result;
}

/** Rejects with exactly Frappe's `excType` and its HTTP status (the error classes share no JS hierarchy). */
export async function rejectsWith(promise: Promise<unknown>, excType: ExcType): Promise<void> {
  await assert.rejects(promise, (error: unknown) => {
    assert.ok(error instanceof FrappeError, `not a FrappeError: ${String(error)}`);
    assert.equal(error.excType, excType, error.message);
    assert.equal(error.status, statusForExcType(excType));
    return true;
  });
}

/** One hostile input: what to run (as `user`, default Administrator) and the exc_type it must raise. */
export interface HostileCase {
  readonly label: string;
  readonly excType: ExcType;
  readonly user?: string;
  readonly act: (ctx: Context, baseline: Baseline) => Promise<unknown>;
}

export function runCase(world: HostileWorld, hostile: HostileCase): Promise<unknown> {
  return withContext(world.site, hostile.user ?? 'Administrator', (ctx) =>
    hostile.act(ctx, world.baseline),
  );
}
