// A sandbox worker: one child process running CPython (Pyodide) for Server
// Scripts. It runs under Node's permission model with an empty environment;
// it may read only the Pyodide package and this folder. It talks to the
// server by lines: requests arrive on stdin as `<type> <json>`, answers and
// bridge calls go out on stdout as JSON objects, and while a script waits for
// a bridge answer the process blocks on stdin, so a script's `frappe.*` call
// is an ordinary Python call. The JSON payloads pass through untouched: only
// Python parses what the server sends, and only the server what Python writes.
import { constants, readFileSync, readSync, writeSync } from 'node:fs';

const [pyodideDir, memoryCeilingBytes] = [process.argv[2], Number(process.argv[3])];

// Pyodide's file-system layer asks for the fs flag constants through
// process.binding, which the permission model refuses; hand it the public ones.
process.binding = (name) => {
  if (name === 'constants') return { fs: constants };
  throw new Error(`process.binding(${name}) is not available in the sandbox`);
};

// Network and timers the sandbox does not need are taken away before any
// script could reach them.
for (const name of ['fetch', 'WebSocket', 'EventSource', 'XMLHttpRequest']) delete globalThis[name];

// The memory ceiling: Pyodide grows its heap through Memory.grow; a refusal
// makes the allocation fail inside Python with a MemoryError.
const grow = WebAssembly.Memory.prototype.grow;
WebAssembly.Memory.prototype.grow = function (pages) {
  if (this.buffer.byteLength + pages * 65536 > memoryCeilingBytes) {
    throw new RangeError('sandbox memory ceiling reached');
  }
  return grow.call(this, pages);
};

const input = Buffer.alloc(1 << 16);
let pending = '';

/** The next line from the server, waiting for it: its type and its JSON text. */
function readMessage() {
  for (;;) {
    const newline = pending.indexOf('\n');
    if (newline >= 0) {
      const line = pending.slice(0, newline);
      pending = pending.slice(newline + 1);
      const space = line.indexOf(' ');
      return { type: line.slice(0, space), json: line.slice(space + 1) };
    }
    let count;
    try {
      count = readSync(0, input, 0, input.length, null);
    } catch (error) {
      if (error.code !== 'EAGAIN') throw error;
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 2);
      continue;
    }
    if (count === 0) process.exit(0);
    pending += input.toString('utf8', 0, count);
  }
}

/** Writes one line; `line` is JSON text without a newline. */
function send(line) {
  const data = Buffer.from(`${line}\n`);
  let offset = 0;
  while (offset < data.length) offset += writeSync(1, data, offset);
}

/** A bridge call from Python: the server answers with `{value}` or `{error}`. */
function bridge(callJson) {
  send(`{"type":"call","call":${callJson}}`);
  return readMessage().json;
}

const { loadPyodide } = await import(new URL('pyodide.mjs', `file://${pyodideDir}/`).href);
const pyodide = await loadPyodide({
  indexURL: `${pyodideDir}/`,
  env: {},
  // Without a stdin of its own Pyodide opens process.stdin, which turns fd 0
  // non-blocking: every wait for the server then became a 2 ms poll.
  stdin: () => null,
  stdout: () => {},
  stderr: () => {},
});
const here = new URL('.', import.meta.url);
pyodide.FS.mkdirTree('/sandbox');
for (const file of ['policy.py', 'frappe_utils.py', 'runner.py']) {
  pyodide.FS.writeFile(`/sandbox/${file}`, readFileSync(new URL(file, here), 'utf8'));
}
pyodide.runPython(`
import sys
sys.path.insert(0, "/sandbox")
sys.setrecursionlimit(400)
import runner
`);
const runner = pyodide.pyimport('runner');
const init = readMessage();
runner.init(bridge, init.json);
// Scripts cannot import, so nothing may reach the host through these modules;
// dropping them from the import cache also removes them as a second line.
pyodide.runPython(`
import sys
for name in ("js", "pyodide_js"):
    sys.modules.pop(name, None)
`);
send('{"type":"ready"}');

for (;;) {
  const message = readMessage();
  if (message.type === 'check') {
    send(`{"type":"checked","errors":${runner.check(message.json)}}`);
  } else if (message.type === 'run') {
    const outcome = runner.run(message.json);
    send(`{"type":"done","heapBytes":${pyodide._module.HEAPU8.length},"outcome":${outcome}}`);
  }
}
