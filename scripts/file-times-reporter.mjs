// A reporter for node's test runner that writes, as JSON lines, how long each
// test file's top-level tests took ({"file", "ms"}), summed per file. Through
// `run()` (scripts/test-driver.mjs) every major reports a file's own top-level
// tests, each carrying its file; a file that crashed is one test named by its
// path. scripts/run-tests.mjs reads the lines and names the slowest files,
// which is where a run's time goes.

/** @param {AsyncIterable<{ type: string, data: any }>} source */
export default async function* fileTimes(source) {
  const perFile = new Map();
  for await (const event of source) {
    if (event.type !== 'test:pass' && event.type !== 'test:fail') continue;
    const { nesting, file, name, details } = event.data;
    if (nesting !== 0 || typeof details?.duration_ms !== 'number') continue;
    const key = file ?? name;
    perFile.set(key, (perFile.get(key) ?? 0) + details.duration_ms);
  }
  for (const [file, ms] of perFile) yield `${JSON.stringify({ file, ms: Math.round(ms) })}\n`;
}
