import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { createSite } from '@cortado/server';
import { sourceFile } from '@cortado/server/test/helpers/source-tree.js';

const BIN = fileURLToPath(new URL('../bin/cortado.mjs', sourceFile(import.meta.url)));

describe('cortado openapi', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cortado-openapi-cli-'));
  const cortado = (args: string[]) =>
    spawnSync(process.execPath, [BIN, '--site', 'a.localhost', 'openapi', ...args], {
      env: { ...process.env, CORTADO_SITES_DIR: dir },
      encoding: 'utf8',
      timeout: 120_000, // a deadline for a hung child, generous for a loaded machine
    });

  before(async () => {
    const { site } = await createSite(dir, 'a.localhost', { adminPassword: 'admin' });
    await site.db.close();
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('writes the document Administrator gets to a file', () => {
    const out = join(dir, 'openapi.json');
    const result = cortado(['--out', out]);
    assert.equal(result.status, 0, result.stderr);
    assert.match(result.stdout, /^Wrote \d+ paths for Administrator on a\.localhost to /);
    const document = JSON.parse(readFileSync(out, 'utf8'));
    assert.equal(document.openapi, '3.1.0');
    assert.ok(document.paths['/api/resource/User/{name}'].delete);
  });

  it("writes a user's narrower document to stdout", () => {
    const result = cortado(['--user', 'Guest', '--out', '-']);
    assert.equal(result.status, 0, result.stderr);
    const document = JSON.parse(result.stdout);
    assert.equal(document.paths['/api/resource/User'], undefined);
    assert.ok(document.paths['/api/method/ping'].get);
  });

  it('fails with one line for an unknown user', () => {
    const result = cortado(['--user', 'nobody@example.com', '--out', '-']);
    assert.notEqual(result.status, 0);
    assert.equal(result.stdout, '');
    assert.match(result.stderr.trim(), /^Error: User nobody@example\.com not found$/);
  });
});
