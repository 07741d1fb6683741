import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { PythonPool } from '../../src/platform/sandbox/python-pool.js';
import type { BridgeCall, ScriptOutcome } from '../../src/platform/sandbox/script-run.js';
import { PythonError } from '../../src/platform/sandbox/sandbox-errors.js';
import { ValidationError } from '../../src/core/errors/index.js';
import { waitFor } from '../helpers/wait-for.js';

const CEILING = 160 * 1024 * 1024;

/** A bridge that answers a few calls and records them all. */
function recordingBridge() {
  const calls: BridgeCall[] = [];
  const bridge = (call: BridgeCall): Promise<unknown> => {
    calls.push(call);
    if (call.method === 'db.get_value') return Promise.resolve('Open');
    if (call.method === 'get_doc')
      return Promise.resolve({ doctype: 'ToDo', name: 'T1', description: 'hello' });
    return Promise.reject(new ValidationError(`no ${call.method}`));
  };
  return { calls, bridge };
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('Python sandbox', () => {
  let pool: PythonPool;
  const { calls, bridge } = recordingBridge();
  const run = (
    script: string,
    locals: Record<string, unknown> = {},
    on: PythonPool = pool,
  ): Promise<ScriptOutcome> =>
    on.run({ script, kind: 'API', user: 'a@example.com', form_dict: { n: 2 }, locals }, bridge);

  /** The Python exception a script ends with (from its outcome or a thrown PythonError). */
  async function failure(script: string, on: PythonPool = pool): Promise<string> {
    try {
      const outcome = await run(script, {}, on);
      assert.equal(outcome.ok, false, `expected ${script} to fail`);
      return outcome.error?.exc_type ?? '';
    } catch (error) {
      assert.ok(error instanceof PythonError, String(error));
      return error.excType;
    }
  }

  before(async () => {
    pool = new PythonPool({ size: 2, timeoutMs: 3000, memoryCeilingBytes: CEILING });
    await pool.warm();
  });
  after(() => pool.close());

  it('starts no process before it is used', async () => {
    const lazy = new PythonPool();
    assert.equal(lazy.stats().live + lazy.stats().starting, 0);
    await lazy.close();
  });

  it('runs a script with form_dict, response and flags', async () => {
    const outcome = await run(
      'frappe.response["message"] = frappe.form_dict.n * 2\nfrappe.flags.seen = True',
    );
    assert.equal(outcome.ok, true);
    assert.deepEqual(outcome.response, { message: 4 });
    assert.deepEqual(outcome.flags, { seen: true });
  });

  it('answers frappe.* calls over the bridge and raises the bridge errors as Frappe exceptions', async () => {
    const outcome = await run(`
status = frappe.db.get_value("ToDo", "T1", "status")
doc = frappe.get_doc("ToDo", "T1")
try:
    frappe.db.exists("ToDo", "T1")
    caught = None
except frappe.ValidationError as error:
    caught = str(error)
frappe.response["message"] = [status, doc.description, caught]
`);
    assert.deepEqual(outcome.response.message, ['Open', 'hello', 'no db.exists']);
    assert.deepEqual(
      calls.slice(-3).map((call) => call.method),
      ['db.get_value', 'get_doc', 'db.exists'],
    );
  });

  it('frappe.throw ends the run with the Frappe exception and its message', async () => {
    const outcome = await run('frappe.throw("Prefix required", title="Check")');
    assert.equal(outcome.error?.exc_type, 'ValidationError');
    assert.equal(outcome.error?.frappe, true);
    assert.equal(outcome.error?.message, 'Prefix required');
    assert.equal(outcome.error?.title, 'Check');
    const permission = await run('frappe.throw("no", frappe.PermissionError)');
    assert.equal(permission.error?.exc_type, 'PermissionError');
  });

  it('allows _dict and _ but refuses other underscore names and format', async () => {
    assert.deepEqual(
      (await run('frappe.response["message"] = _dict(a=1).a + len(_("x"))')).response,
      {
        message: 2,
      },
    );
    assert.equal(await failure('x = frappe._dict'), 'SyntaxError');
    assert.equal(await failure('x = "{}".format(1)'), 'SyntaxError');
    assert.equal(await failure('x = "{a}".format_map({})'), 'SyntaxError');
    assert.equal(await failure('import os'), 'SyntaxError');
    assert.equal(await failure('from os import path'), 'SyntaxError');
    assert.equal(await failure('__import__("os")'), 'SyntaxError');
  });

  it('reports a syntax error through check() without running anything', async () => {
    assert.deepEqual(await pool.check('x = 1'), []);
    const errors = await pool.check('import os\nx = ().__class__');
    assert.equal(errors.length, 2);
    assert.match(errors[0] ?? '', /Line 1: "import" statements are not allowed/);
    assert.match(errors[1] ?? '', /Line 2: "__class__" is an invalid attribute name/);
    assert.match((await pool.check('def (:'))[0] ?? '', /^Line 1: /);
  });

  describe('escapes', () => {
    const escapes: [string, string][] = [
      ['the js module', 'import js\njs.process.exit(1)'],
      ['the pyodide module', 'from pyodide.ffi import to_js'],
      ['the __class__.__mro__ walk', 'x = ().__class__.__mro__[1].__subclasses__()'],
      ['getattr with a built name', 'x = getattr((), "_" + "_class__")'],
      ['getattr to format', 'x = getattr("{0}", "for" + "mat")'],
      [
        'hasattr probing',
        'frappe.response["message"] = hasattr((), "_" + "_class__")\nx = undefined',
      ],
      ['a generator frame', 'g = (x for x in [1])\nf = getattr(g, "gi_" + "frame")'],
      [
        'a traceback',
        'try:\n    1 / 0\nexcept Exception as e:\n    t = getattr(e, "_" + "_traceback__")',
      ],
      ['a function globals', 'x = getattr(frappe.get_doc, "_" + "_globals__")'],
      ['a subscript key', 'x = frappe.response["_" + "_class__"]'],
      ['writing to a method', 'd = frappe.get_doc("ToDo", "T1")\nd.save.x = 1'],
      ['exec', 'exec("1")'],
      ['eval', 'eval("1")'],
      ['open', 'open("/etc/passwd")'],
      ['compile', 'compile("1", "x", "exec")'],
      ['vars', 'vars()'],
      ['globals', 'globals()'],
      ['type', 'type(1)'],
      ['a class statement', 'class A:\n    pass'],
      ['setattr on a built-in', 'setattr(print, "x", 1)'],
      ['the JS constructor trick', 'c = getattr(getattr(frappe, "constructor"), "constructor")'],
    ];
    for (const [name, script] of escapes) {
      it(`refuses ${name}`, async () => {
        const excType = await failure(script);
        assert.match(excType, /Error$/, `${name} ended with ${excType}`);
      });
    }

    it('stops an infinite loop, kills its worker and keeps serving', async () => {
      const before = pool.stats().pids;
      const started = await failure('while True:\n    pass');
      assert.equal(started, 'TimeoutError');
      const gone = before.filter((pid) => !pool.stats().pids.includes(pid));
      assert.equal(gone.length, 1);
      await waitFor('the killed worker to exit', () => gone.every((pid) => !processAlive(pid)));
      assert.deepEqual((await run('frappe.response["message"] = 1')).response, { message: 1 });
    });

    it('stops a huge allocation at the memory ceiling and keeps serving', async (t) => {
      // The ceiling must stop these, not the clock: filling it took over the
      // 3 s the other escapes get on a loaded machine, so they get a minute.
      const roomy = new PythonPool({ size: 1, timeoutMs: 60_000, memoryCeilingBytes: CEILING });
      t.after(() => roomy.close());
      assert.equal(await failure('x = "a" * (1024 * 1024 * 1024)', roomy), 'MemoryError');
      assert.equal(
        await failure('x = []\nwhile True:\n    x.append("y" * 100000)', roomy),
        'MemoryError',
      );
      assert.equal(await failure('x = [0] * (10 ** 8)', roomy), 'MemoryError');
      assert.deepEqual((await run('frappe.response["message"] = 2', {}, roomy)).response, {
        message: 2,
      });
    });

    it('stops deep recursion with a RecursionError', async () => {
      assert.equal(await failure('def f(n):\n    return f(n + 1)\nf(0)'), 'RecursionError');
    });
  });

  it('leaves no worker process behind when closed', async () => {
    const own = new PythonPool({ size: 1 });
    await own.warm();
    const pids = own.stats().pids;
    assert.equal(pids.length, 1);
    await own.close();
    assert.ok(pids.every((pid) => !processAlive(pid)));
  });
});
