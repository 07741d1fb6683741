import assert from 'node:assert/strict';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { PythonPool } from '../../src/platform/sandbox/python-pool.js';
import { PythonError } from '../../src/platform/sandbox/sandbox-errors.js';
import { NestedScript, type BridgeCall } from '../../src/platform/sandbox/script-run.js';
import { ValidationError } from '../../src/core/errors/index.js';

/**
 * Generated hostile scripts against the sandbox. CI runs 120; set
 * CORTADO_SCRIPT_FUZZ=full for the 1,000 of the issue (a few minutes: every
 * loop or allocation bomb costs a worker restart).
 */
const COUNT = process.env['CORTADO_SCRIPT_FUZZ'] === 'full' ? 1000 : 120;

/** Lines a hostile script is made of; `{dir}` is a host folder nothing may write to. */
const FRAGMENTS: readonly string[] = [
  'import os',
  'from js import process',
  'import pyodide_js',
  '__import__("os").system("touch {dir}/pwned")',
  'x = ().__class__.__mro__[1].__subclasses__()',
  'x = getattr((), "_" + "_class__")',
  'x = getattr(getattr(frappe, "get_doc"), "_" + "_globals__")',
  'x = getattr("{0}", "for" + "mat")("x")',
  'x = getattr("{a}", "format" + "_map")({})',
  'x = frappe.response["_" + "_dict__"]',
  'g = (i for i in [1])\nx = getattr(g, "gi_" + "frame")',
  'try:\n    1 / 0\nexcept Exception as e:\n    x = getattr(e, "_" + "_traceback__")',
  'exec("import os")',
  'eval("1 + 1")',
  'open("{dir}/pwned", "w").write("x")',
  'compile("1", "f", "exec")',
  'globals()["x"] = 1',
  'vars(frappe)',
  'type(frappe)',
  'class A:\n    pass',
  'setattr(print, "x", 1)',
  'frappe.db.sql("delete from tabToDo")',
  'frappe.db.sql("select 1; drop table tabToDo")',
  'frappe.get_doc(None)',
  'frappe.get_doc({"doctype": 1})',
  'frappe.utils.add_days("not a date", "x")',
  'x = [[[[]]]] * 1000',
  'x = "a" * 1000000',
  'x = sorted(range(100000), key=lambda v: -v)',
  'def f(n):\n    return f(n + 1)\nf(0)',
  'frappe.throw("no")',
  'frappe.throw("no", frappe.PermissionError)',
  'raise ValueError("x")',
  'x = undefined_name',
  'x = 1 +',
  'x = frappe.response\nx["message"] = x',
  'frappe.flags.loop = frappe.flags',
  'print("x" * 10000)',
  'x = getattr(frappe, "constructor")',
  'x = frappe.db.escape("\'; drop table tabToDo; --")',
  'x = frappe.make_get_request("http://169.254.169.254/latest/meta-data/")',
  'x = frappe.make_post_request("file:///etc/passwd", data={"a": 1})',
  'frappe.enqueue("os.system", command="touch {dir}/pwned")',
  'frappe.enqueue("frappe.utils.safe_exec.call_whitelisted_function", function="x", now=True)',
  'x = frappe.call("frappe.utils.safe_exec.call_whitelisted_function", function="x")',
  'x = run_script("Another script")',
  'x = getattr(frappe.get_meta, "_" + "_closure__")',
  'x = frappe.get_meta("ToDo").get_field("x")',
  'frappe.response.type = "download"\nfrappe.response.filecontent = bytes(10)',
  'frappe.response.filecontent = bytearray(b"x") * 10',
  'frappe.db.rollback()',
  'x = frappe.utils.get_url_to_form("ToDo", "x") + frappe.utils.generate_hash()',
  'x = frappe.utils.getdate("2024-13-45")',
];
/** Rare lines: each kills its worker, so they are kept few. */
const BOMBS: readonly string[] = [
  'while True:\n    pass',
  'x = "a" * (1024 * 1024 * 1024)',
  'x = []\nwhile True:\n    x.append("y" * 100000)',
];

/** A small seeded generator, so a failing script can be reproduced from its index. */
function generator(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

function hostileScript(index: number, dir: string): string {
  const random = generator(index + 1);
  const pick = (list: readonly string[]) => list[Math.floor(random() * list.length)] ?? '';
  const lines = Array.from({ length: 1 + Math.floor(random() * 3) }, () => pick(FRAGMENTS));
  if (random() < 0.02) lines.push(pick(BOMBS));
  return lines.join('\n').replaceAll('{dir}', dir);
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe(`Python sandbox: ${COUNT} generated hostile scripts`, () => {
  let pool: PythonPool;
  let dir: string;
  const seenPids = new Set<number>();
  // Every call is refused, except `run_script`, which hands back a script
  // that runs itself again: nesting must stop at its limit.
  const bridge = (call: BridgeCall) =>
    call.method === 'run_script'
      ? Promise.resolve(new NestedScript('run_script("again")'))
      : Promise.reject(new ValidationError('refused by the fuzz bridge'));

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'cortado-fuzz-'));
    pool = new PythonPool({ size: 2, timeoutMs: 1000, memoryCeilingBytes: 128 * 1024 * 1024 });
    await pool.warm();
  });
  after(async () => {
    await pool.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('every script ends in an answer or a Python error, and the pool stays healthy', async () => {
    for (let index = 0; index < COUNT; index++) {
      const script = hostileScript(index, dir);
      try {
        await pool.run({ script, kind: 'API', user: 'Guest' }, bridge);
      } catch (error) {
        assert.ok(
          error instanceof PythonError,
          `script ${index} threw ${String(error)}:\n${script}`,
        );
      }
      for (const pid of pool.stats().pids) seenPids.add(pid);
    }
    const healthy = await pool.run(
      { script: 'frappe.response["message"] = 1', kind: 'API', user: 'Guest' },
      bridge,
    );
    assert.deepEqual(healthy.response, { message: 1 });
  });

  it('wrote nothing to the host and leaves no process behind', async () => {
    assert.deepEqual(await readdir(dir), []);
    await pool.close();
    assert.deepEqual([...seenPids].filter(processAlive), []);
  });
});
