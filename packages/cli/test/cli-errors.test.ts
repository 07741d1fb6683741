import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { sourceFile } from '@cortado/server/test/helpers/source-tree.js';

const BIN = fileURLToPath(new URL('../bin/cortado.mjs', sourceFile(import.meta.url)));
const root = mkdtempSync(join(tmpdir(), 'cortado-cli-'));
after(() => rmSync(root, { recursive: true, force: true }));

let counter = 0;
/** A sites folder holding one site `a.localhost` with the given site_config.json text. */
function sitesWith(siteConfig: string | null, common?: string): string {
  const dir = join(root, `sites-${counter++}`);
  mkdirSync(dir, { recursive: true });
  if (siteConfig !== null) {
    mkdirSync(join(dir, 'a.localhost'));
    writeFileSync(join(dir, 'a.localhost', 'site_config.json'), siteConfig);
  }
  if (common !== undefined) writeFileSync(join(dir, 'common_site_config.json'), common);
  return dir;
}

function cortado(sitesDir: string, args: string[], env: Record<string, string> = {}) {
  const result = spawnSync(process.execPath, [BIN, ...args], {
    env: { ...process.env, CORTADO_SITES_DIR: sitesDir, ...env },
    encoding: 'utf8',
    timeout: 120_000, // a deadline for a hung child, generous for a loaded machine
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

function assertOneLineFailure(result: ReturnType<typeof cortado>, pattern: RegExp): void {
  assert.notEqual(result.status, 0, 'exit status is non-zero');
  const lines = result.stderr.trimEnd().split('\n');
  assert.equal(lines.length, 1, `exactly one line on stderr, got:\n${result.stderr}`);
  assert.match(lines[0] ?? '', pattern);
  assert.doesNotMatch(result.stderr, /\n\s+at /, 'no stack trace');
}

describe('cortado fails with one clear line', () => {
  const cases: [string, () => string, string[], Record<string, string>, RegExp][] = [
    [
      'unknown db_type',
      () => sitesWith('{"db_type": "oracle"}'),
      ['show-config'],
      {},
      /^Error: site_config\.json: db_type must be one of sqlite, postgres, mariadb \(got 'oracle'\)$/,
    ],
    [
      'malformed site_config.json',
      () => sitesWith('{"db_type": "sqlite",,}'),
      ['migrate'],
      {},
      /^Error: site_config\.json: malformed JSON at line 1, column 22$/,
    ],
    [
      'malformed common_site_config.json',
      () => sitesWith('{}', '{oops'),
      ['show-config', '--site', 'a.localhost'],
      {},
      /^Error: common_site_config\.json: malformed JSON at line 1, column 2$/,
    ],
    [
      'missing site',
      () => sitesWith('{}'),
      ['--site', 'nope.localhost', 'migrate'],
      {},
      /^Error: Site 'nope\.localhost' does not exist/,
    ],
    [
      'no site at all',
      () => sitesWith(null),
      ['migrate'],
      {},
      /^Error: No site in .*cortado new-site/,
    ],
    [
      'unreachable PostgreSQL port',
      () => sitesWith('{"db_type": "postgres", "db_host": "127.0.0.1", "db_port": 1}'),
      ['migrate'],
      {},
      /^Error: Cannot (open|reach) .*127\.0\.0\.1:1/,
    ],
    [
      'bad env override',
      () => sitesWith('{}'),
      ['show-config'],
      { CORTADO_DB_PORT: 'x' },
      /^Error: CORTADO_DB_PORT: not valid JSON/,
    ],
    [
      'set-config with a wrong type',
      () => sitesWith('{}'),
      ['set-config', 'db_port', '"abc"'],
      {},
      /^Error: site_config\.json: db_port must be an integer/,
    ],
    [
      'invalid site name',
      () => sitesWith(null),
      ['new-site', '../evil'],
      {},
      /^Error: Invalid site name/,
    ],
    [
      'worker with a queue that does not exist',
      () => sitesWith('{}'),
      ['worker', '--queue', 'short,urgent'],
      {},
      /^Error: Queue should be one of short, default, long$/,
    ],
    ['unknown command', () => sitesWith(null), ['frobnicate'], {}, /unknown command 'frobnicate'/],
  ];
  for (const [name, makeSites, args, env, pattern] of cases) {
    it(name, () => assertOneLineFailure(cortado(makeSites(), args, env), pattern));
  }

  it('prints the stack with --verbose', () => {
    const result = cortado(sitesWith('{"db_type": "oracle"}'), ['--verbose', 'show-config']);
    assert.notEqual(result.status, 0);
    assert.match(result.stderr, /ConfigError: site_config\.json: db_type/);
    assert.match(result.stderr, /\n\s+at /);
  });
});

describe('cortado config commands', () => {
  it('set-config parses JSON values and show-config masks secrets', () => {
    const dir = sitesWith('{"db_password": "s3cret-value"}');
    assert.equal(
      cortado(dir, ['set-config', 'rate_limit', '{"limit": 60, "window": 60}']).status,
      0,
    );
    assert.equal(cortado(dir, ['set-config', 'my_app_setting', 'plain text']).status, 0);
    assert.equal(cortado(dir, ['set-config', '--global', 'developer_mode', 'true']).status, 0);
    const shown = cortado(dir, ['show-config']);
    assert.equal(shown.status, 0, shown.stderr);
    const config = JSON.parse(shown.stdout) as Record<string, unknown>;
    assert.deepEqual(config.rate_limit, { limit: 60, window: 60 });
    assert.equal(config.my_app_setting, 'plain text');
    assert.equal(config.developer_mode, true);
    assert.equal(config.db_password, '********');
    assert.ok(!shown.stdout.includes('s3cret-value'));
  });
});
