import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { test } from 'node:test';
import { nodeArgs, siblingModule } from '../../../src/core/sibling-module.js';
import {
  dummyPasswordHash,
  hashPassword,
  needsRehash,
  PASSWORD_HASH_COST_ENV,
  verifyPassword,
} from '../../../src/features/auth/passwords.js';

const CHILD = siblingModule('./hash-password-child.ts', import.meta.url);

/** Hashes `secret` in a fresh process with `CORTADO_PASSWORD_HASH_COST=cost` (unset when null). */
function hashInProcess(cost: string | null): ReturnType<typeof spawnSync> {
  const env = { ...process.env };
  if (cost === null) delete env[PASSWORD_HASH_COST_ENV];
  else env[PASSWORD_HASH_COST_ENV] = cost;
  return spawnSync(process.execPath, nodeArgs(CHILD), { env, encoding: 'utf8' });
}

test('new hashes carry the cost of CORTADO_PASSWORD_HASH_COST, 15 without it', () => {
  const unset = hashInProcess(null);
  assert.equal(unset.status, 0, String(unset.stderr));
  assert.match(String(unset.stdout), /^\$scrypt\$ln=15,r=8,p=1\$/);
  const lowered = hashInProcess('11');
  assert.equal(lowered.status, 0, String(lowered.stderr));
  assert.match(String(lowered.stdout), /^\$scrypt\$ln=11,r=8,p=1\$/);
});

test('a cost that is not an integer from 10 to 20 stops the process at start', () => {
  for (const bad of ['9', '21', '12.5', 'fast']) {
    const result = hashInProcess(bad);
    assert.notEqual(result.status, 0, `${bad} was accepted`);
    assert.match(
      String(result.stderr),
      /CORTADO_PASSWORD_HASH_COST must be an integer from 10 to 20/,
    );
    assert.equal(result.stdout, '');
  }
});

test("a hash made at another cost verifies, and asks to be rehashed at today's", async () => {
  const atFifteen = hashInProcess(null);
  const stored = String(atFifteen.stdout);
  assert.equal(await verifyPassword('secret', stored), true);
  assert.equal(await verifyPassword('Secret', stored), false);
  const today = await hashPassword('secret');
  assert.equal(needsRehash(today), false);
  assert.equal(needsRehash(stored), !today.startsWith('$scrypt$ln=15,'), stored);
});

test('the unknown-user hash is made once, at the same cost as a new hash, and matches no password', async () => {
  const dummy = await dummyPasswordHash();
  assert.equal(await dummyPasswordHash(), dummy);
  assert.equal(needsRehash(dummy), false);
  assert.equal(await verifyPassword('', dummy), false);
  assert.equal(await verifyPassword('secret', dummy), false);
});
