import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { it } from 'node:test';
import { nodeArgs, siblingModule } from '../../helpers/source-tree.js';

const CHILD = siblingModule('./lazy-otpauth-child.ts', import.meta.url);

/** A module hook that reports on stdout every resolution of otpauth or qrcode, in order with the child's own lines. */
const HOOK = `
import { writeSync } from 'node:fs';
export async function resolve(specifier, context, next) {
  const result = await next(specifier, context);
  if (/\\/node_modules\\/(otpauth|qrcode)\\//.test(result.url)) writeSync(1, 'loaded ' + specifier + '\\n');
  return result;
}`;
const REGISTER = `import { register } from 'node:module'; register(${JSON.stringify(
  `data:text/javascript,${encodeURIComponent(HOOK)}`,
)});`;

it('otpauth is loaded only when a login needs a second factor', async () => {
  const { stdout } = await promisify(execFile)(
    process.execPath,
    nodeArgs(CHILD, [], ['--import', `data:text/javascript,${encodeURIComponent(REGISTER)}`]),
    { timeout: 120_000 },
  );
  const lines = stdout.trim().split('\n');
  const passwordOnly = lines.findIndex((line) => line.startsWith('password-only '));
  const twoFactor = lines.findIndex((line) => line.startsWith('two-factor '));
  assert.match(lines[passwordOnly] ?? '', /"message":"Logged In"/);
  assert.match(lines[twoFactor] ?? '', /"tmp_id"/);
  const loaded = lines.findIndex((line) => line === 'loaded otpauth');
  assert.ok(loaded > passwordOnly, `not loaded by start-up or a password login:\n${stdout}`);
  assert.ok(loaded < twoFactor, 'loaded for the two-factor login');
});
