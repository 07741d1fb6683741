import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { encodeServerMessages } from '@cortado/protocol';
import { runCommand } from '@cortado/server/test/compat/run-command.js';
import { nodeArgs, siblingModule } from '@cortado/server/test/helpers/source-tree.js';
import {
  CortadoClient,
  createFrappeShim,
  ValidationError,
  type CortadoError,
} from '../src/index.js';
import { json, startLoopback, type Loopback } from './loopback.js';

/*
 * The `frappe.call` shim against a server that fails every call with
 * Frappe's error body: callback-style callers who ignore the returned
 * promise leave no unhandled rejection (Frappe's frappe.call shows the error
 * and the page runs on), while the promise form still rejects. The ignored
 * calls run in their own Node process (frappe-shim-caller.ts), where an
 * unhandled rejection ends the process with code 1.
 */

const CALLER = siblingModule('./frappe-shim-caller.ts', import.meta.url);

describe('frappe.call shim on failure', () => {
  let server: Loopback;
  before(async () => {
    server = await startLoopback();
    server.handle((_request, response) =>
      json(response, 417, {
        exc_type: 'ValidationError',
        _server_messages: encodeServerMessages([{ message: 'Amount must be positive' }]),
      }),
    );
  });
  after(async () => server?.close());

  const shim = () => createFrappeShim(new CortadoClient({ url: server.url, retry: false }));
  const caller = (style: string) =>
    runCommand(process.execPath, nodeArgs(CALLER, [server.url, style]));

  it('the promise form rejects with the typed error', async () => {
    await assert.rejects(
      shim().call({ method: 'my_app.api.pay', args: { amount: -1 } }),
      (error: unknown) =>
        error instanceof ValidationError && error.message === 'Amount must be positive',
    );
  });

  it('callback or always without error, promise ignored: the process runs on and exits cleanly', async () => {
    for (const [style, printed] of [
      ['callback', ''],
      ['always', 'always ran\n'],
    ] as const) {
      const run = await caller(style);
      assert.equal(run.code, 0, `${style}: ${run.stderr}`);
      assert.equal(run.stdout, printed, style);
      assert.ok(server.requests.length > 0, 'the call reached the server');
    }
  });

  it('a bare promise-form call left unhandled still fails its process, as any promise would', async () => {
    const run = await caller('promise');
    assert.equal(run.code, 1);
    assert.match(run.stderr, /ValidationError|Amount must be positive/);
  });

  it('callback-style callers who await the promise still see it reject', async () => {
    const errors: CortadoError[] = [];
    await assert.rejects(
      shim().call({
        method: 'my_app.api.pay',
        callback: () => undefined,
        error: (error) => errors.push(error),
      }),
      ValidationError,
    );
    assert.equal(errors.length, 1);
  });
});
