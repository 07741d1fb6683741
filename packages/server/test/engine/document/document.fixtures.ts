import { readFileSync } from 'node:fs';
import type { DocTypeJson } from '@cortado/protocol';
import type { AppDefinition } from '../../../src/engine/runtime/app-definition.js';
import { createAppRegistry } from '../../../src/engine/runtime/app-registry.js';
import type { Context } from '../../../src/engine/context.js';
import { createDocEventBus } from '../../../src/engine/runtime/event-bus.js';
import type { DocEventRecord } from '../../../src/engine/runtime/events.js';
import type { Site } from '../../../src/engine/site.js';
import { withContext } from '../../../src/engine/runtime/with-context.js';
import { loadMeta } from '../../../src/model/load-meta.js';
import { createMetaRegistry } from '../../../src/model/meta-cache.js';
import { syncDocTypes } from '../../../src/model/schema-sync.js';
import type { DbType } from '../../../src/platform/db/database.js';
import { ensureSystemTables } from '../../../src/platform/db/system-tables.js';
import { createTestDatabase } from '../../helpers/dialects.js';
import { sourceFile } from '../../helpers/source-tree.js';

const FULL = [
  {
    role: 'System Manager',
    read: 1,
    write: 1,
    create: 1,
    delete: 1,
    submit: 1,
    cancel: 1,
    amend: 1,
  },
];

function docType(name: string, extra: Partial<DocTypeJson>): DocTypeJson {
  return {
    doctype: 'DocType',
    name,
    module: 'Test',
    permissions: FULL,
    fields: [],
    ...extra,
  } as DocTypeJson;
}

/** Small hand-made DocTypes covering every naming rule and validation. */
export const TEST_DOCTYPES: DocTypeJson[] = [
  docType('Version', {
    autoname: 'hash',
    fields: [
      { fieldname: 'ref_doctype', fieldtype: 'Data', label: 'Ref DocType' },
      { fieldname: 'docname', fieldtype: 'Data', label: 'Docname' },
      { fieldname: 'data', fieldtype: 'Code', label: 'Data' },
    ],
  }),
  docType('Test Customer', {
    autoname: 'field:customer_name',
    allow_rename: 1,
    track_changes: 1,
    fields: [
      { fieldname: 'customer_name', fieldtype: 'Data', label: 'Customer Name', reqd: 1 },
      {
        fieldname: 'status',
        fieldtype: 'Select',
        label: 'Status',
        options: 'Active\nInactive',
        default: 'Active',
      },
      { fieldname: 'code', fieldtype: 'Data', label: 'Code', unique: 1, length: 10 },
      { fieldname: 'tax_id', fieldtype: 'Data', label: 'Tax Id', set_only_once: 1 },
      { fieldname: 'credit', fieldtype: 'Currency', label: 'Credit', non_negative: 1 },
      { fieldname: 'email', fieldtype: 'Data', label: 'Email', options: 'Email' },
      { fieldname: 'disabled', fieldtype: 'Check', label: 'Disabled' },
    ],
  }),
  docType('Test Invoice Item', {
    istable: 1,
    permissions: [],
    fields: [
      { fieldname: 'item', fieldtype: 'Data', label: 'Item', reqd: 1 },
      { fieldname: 'qty', fieldtype: 'Float', label: 'Qty' },
      { fieldname: 'note', fieldtype: 'Data', label: 'Note', allow_on_submit: 1 },
    ],
  }),
  docType('Test Invoice', {
    autoname: 'naming_series:',
    is_submittable: 1,
    fields: [
      { fieldname: 'naming_series', fieldtype: 'Select', label: 'Series', options: 'TINV-.YYYY.-' },
      {
        fieldname: 'customer',
        fieldtype: 'Link',
        label: 'Customer',
        options: 'Test Customer',
        reqd: 1,
      },
      {
        fieldname: 'customer_name',
        fieldtype: 'Data',
        label: 'Customer Name',
        fetch_from: 'customer.customer_name',
      },
      { fieldname: 'remarks', fieldtype: 'Small Text', label: 'Remarks', allow_on_submit: 1 },
      { fieldname: 'total', fieldtype: 'Currency', label: 'Total' },
      {
        fieldname: 'amended_from',
        fieldtype: 'Link',
        label: 'Amended From',
        options: 'Test Invoice',
        no_copy: 1,
      },
      { fieldname: 'items', fieldtype: 'Table', label: 'Items', options: 'Test Invoice Item' },
    ],
  }),
  docType('Test Note', {
    autoname: 'hash',
    fields: [
      { fieldname: 'title', fieldtype: 'Data', label: 'Title' },
      {
        fieldname: 'reference_type',
        fieldtype: 'Link',
        label: 'Reference Type',
        options: 'DocType',
      },
      {
        fieldname: 'reference_name',
        fieldtype: 'Dynamic Link',
        label: 'Reference Name',
        options: 'reference_type',
      },
    ],
  }),
  docType('Format Doc', {
    autoname: 'format:FMT-{YYYY}-{status}-{###}',
    fields: [
      { fieldname: 'status', fieldtype: 'Select', label: 'Status', options: 'Open\nClosed' },
    ],
  }),
  docType('Series Doc', {
    autoname: 'SD-.#####',
    fields: [{ fieldname: 'title', fieldtype: 'Data', label: 'Title' }],
  }),
  docType('Auto Doc', {
    autoname: 'autoincrement',
    fields: [{ fieldname: 'title', fieldtype: 'Data', label: 'Title' }],
  }),
  docType('Prompt Doc', {
    autoname: 'prompt',
    fields: [{ fieldname: 'title', fieldtype: 'Data', label: 'Title' }],
  }),
  docType('UUID Doc', {
    autoname: 'UUID',
    fields: [{ fieldname: 'title', fieldtype: 'Data', label: 'Title' }],
  }),
  docType('Script Doc', { fields: [{ fieldname: 'title', fieldtype: 'Data', label: 'Title' }] }),
  docType('Test Settings', {
    issingle: 1,
    fields: [
      { fieldname: 'company_name', fieldtype: 'Data', label: 'Company Name' },
      { fieldname: 'max_items', fieldtype: 'Int', label: 'Max Items' },
      {
        fieldname: 'default_customer',
        fieldtype: 'Link',
        label: 'Default Customer',
        options: 'Test Customer',
      },
    ],
  }),
];

/** A fixture DocType JSON file copied from the shared fixtures. */
export function fixtureDocType(path: string): DocTypeJson {
  return JSON.parse(
    readFileSync(new URL(`../../fixtures/doctypes/${path}`, sourceFile(import.meta.url)), 'utf8'),
  ) as DocTypeJson;
}

/** Events seen on the bus, by phase. */
export interface EventLog {
  readonly inTransaction: DocEventRecord[];
  readonly afterCommit: DocEventRecord[];
}

export interface TestSite {
  readonly site: Site;
  readonly events: EventLog;
  /** Runs `fn` as Administrator in one unit of work. */
  run<T>(fn: (ctx: Context) => Promise<T>): Promise<T>;
  drop(): Promise<void>;
}

/** A site on a fresh database of `type` with the given DocTypes and apps. */
export async function openTestSite(
  type: DbType,
  doctypes: DocTypeJson[],
  apps: AppDefinition[] = [],
): Promise<TestSite> {
  const testDb = await createTestDatabase(type);
  const metas = [fixtureDocType('frappe/role.json'), ...doctypes].map(loadMeta);
  await ensureSystemTables(testDb.db);
  await syncDocTypes(testDb.db, metas);
  const site: Site = {
    name: 'test.local',
    path: testDb.sitePath,
    config: testDb.config,
    db: testDb.db,
    meta: createMetaRegistry(metas),
    apps: createAppRegistry([{ name: 'test', version: '0.0.1', doctypes }, ...apps]),
    events: createDocEventBus(),
  };
  const events: EventLog = { inTransaction: [], afterCommit: [] };
  site.events.subscribe({
    inTransaction: async (record) => void events.inTransaction.push(record),
    afterCommit: (record) => void events.afterCommit.push(record),
  });
  return {
    site,
    events,
    run: (fn) => withContext(site, 'Administrator', fn),
    drop: () => testDb.drop(),
  };
}
