import type { DocTypeJson } from '@cortado/protocol';
import type { AppDefinition } from '@cortado/server/src/engine/runtime/app-definition.js';
import { ValidationError } from '@cortado/server/src/core/errors/catalogue.js';
import { msgprint } from '@cortado/server/src/engine/runtime/msgprint.js';

/*
 * What the SDK tests need beyond the compat server's `my_app`: a submittable,
 * renamable DocType with a child table and a document method, and RPC
 * methods that echo, print a message and throw.
 */

const every = { read: 1, write: 1, create: 1, delete: 1, submit: 1, cancel: 1 } as const;

export const SDK_DOCTYPES = [
  {
    name: 'SDK Invoice Item',
    module: 'SDK App',
    istable: 1,
    fields: [
      { fieldname: 'item', fieldtype: 'Data', reqd: 1 },
      { fieldname: 'qty', fieldtype: 'Int' },
      { fieldname: 'rate', fieldtype: 'Currency' },
    ],
  },
  {
    name: 'SDK Invoice',
    module: 'SDK App',
    autoname: 'format:SINV-{#####}',
    is_submittable: 1,
    allow_rename: 1,
    fields: [
      { fieldname: 'customer', fieldtype: 'Data', reqd: 1 },
      { fieldname: 'status', fieldtype: 'Select', options: 'Unpaid\nPaid', default: 'Unpaid' },
      { fieldname: 'grand_total', fieldtype: 'Currency' },
      { fieldname: 'posting_date', fieldtype: 'Date' },
      { fieldname: 'remarks', fieldtype: 'Small Text' },
      { fieldname: 'scan', fieldtype: 'Attach' },
      { fieldname: 'items', fieldtype: 'Table', options: 'SDK Invoice Item' },
    ],
    permissions: [{ role: 'System Manager', ...every }],
  },
].map((json) => ({ doctype: 'DocType', ...json }) as DocTypeJson);

export const SDK_APP: AppDefinition = {
  name: 'sdk_app',
  version: '0.0.1',
  doctypes: SDK_DOCTYPES,
  controllers: {
    'SDK Invoice': {
      methods: {
        describe: (doc, args) => ({
          name: doc['name'],
          customer: doc['customer'],
          note: args['note'] ?? null,
        }),
      },
    },
  },
  methods: [
    { path: 'sdk_app.api.echo', handler: (args) => ({ ...args }) },
    {
      path: 'sdk_app.api.notify',
      handler: (_args, ctx) => {
        msgprint(ctx, 'Saved <b>twice</b>', { indicator: 'green' });
        return 'done';
      },
    },
    {
      path: 'sdk_app.api.fail',
      handler: () => {
        throw new ValidationError('Amount must be <strong>positive</strong>');
      },
    },
    { path: 'sdk_app.api.read_only', methods: ['GET'], handler: () => 'read' },
    // One call a second: the retry test's 429 comes from the real limiter.
    {
      path: 'sdk_app.api.limited',
      handler: () => 'ok',
      rateLimit: { limit: 1, seconds: 1, ipBased: true },
    },
  ],
};
