import { ValidationError } from '../../../src/core/errors/index.js';
import type { AppDefinition } from '../../../src/engine/runtime/app-definition.js';
import type { Context } from '../../../src/engine/context.js';
import { msgprint } from '../../../src/engine/runtime/msgprint.js';

/** The table the write/rollback scenarios use; created by hand so the tests need no DocType sync. */
export const PROBE_TABLE = 'tabHttp Probe';

async function writeProbe(ctx: Context, value: string): Promise<void> {
  await ctx.uow.db.insertInto(PROBE_TABLE).values({ name: value }).execute();
}

/** Whitelisted methods covering every branch of RPC dispatch. */
export const methodTestApp: AppDefinition = {
  name: 'method_test',
  version: '0.0.1',
  doctypes: [],
  methods: [
    { path: 'method_test.api.echo', allowGuest: true, handler: (args) => args },
    { path: 'method_test.api.safe_echo', allowGuest: true, xssSafe: true, handler: (args) => args },
    { path: 'method_test.api.private', handler: (_args, ctx) => ctx.user },
    {
      path: 'method_test.api.post_only',
      allowGuest: true,
      methods: ['POST'],
      handler: () => 'posted',
    },
    { path: 'method_test.api.nothing', allowGuest: true, handler: () => undefined },
    { path: 'method_test.api.zero', allowGuest: true, handler: () => 0 },
    {
      path: 'method_test.api.typed',
      allowGuest: true,
      params: {
        count: { type: 'int' },
        ratio: { type: 'float', optional: true },
        flag: { type: 'bool', optional: true },
        filters: { type: 'json', optional: true },
      },
      handler: (args) => args,
    },
    {
      path: 'method_test.api.say',
      allowGuest: true,
      handler: (args, ctx) => {
        msgprint(ctx, String(args.message));
      },
    },
    {
      path: 'method_test.api.fail',
      allowGuest: true,
      handler: (args) => {
        throw new ValidationError(String(args.message ?? 'Failed'));
      },
    },
    {
      path: 'method_test.api.crash',
      allowGuest: true,
      handler: () => {
        throw new TypeError('secret internal detail');
      },
    },
    {
      path: 'method_test.api.write',
      allowGuest: true,
      handler: async (args, ctx) => {
        await writeProbe(ctx, String(args.value));
        return 'written';
      },
    },
    {
      path: 'method_test.api.write_then_fail',
      allowGuest: true,
      handler: async (args, ctx) => {
        await writeProbe(ctx, String(args.value));
        throw new ValidationError('after the write');
      },
    },
  ],
};
