import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { ConfigError } from '../errors/index.js';
import { loadConfig } from './load-config.js';

const root = mkdtempSync(join(tmpdir(), 'cortado-config-'));
after(() => rmSync(root, { recursive: true, force: true }));

let counter = 0;
/** A fresh sites folder with one site `a.localhost`. */
function sitesWith(siteConfig: string, common?: string): string {
  const dir = join(root, `sites-${counter++}`);
  mkdirSync(join(dir, 'a.localhost'), { recursive: true });
  writeFileSync(join(dir, 'a.localhost', 'site_config.json'), siteConfig);
  if (common !== undefined) writeFileSync(join(dir, 'common_site_config.json'), common);
  return dir;
}

function configError(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    assert.ok(error instanceof ConfigError, `expected ConfigError, got ${String(error)}`);
    assert.ok(!error.message.includes('\n'), 'message is one line');
    return error.message;
  }
  assert.fail('expected a ConfigError');
}

describe('loadConfig', () => {
  it('fills defaults and derives db_name from the site name', () => {
    const config = loadConfig(sitesWith('{}'), 'a.localhost', {});
    assert.equal(config.db_type, 'sqlite');
    assert.equal(config.db_name, 'a_localhost');
    assert.equal(config.max_file_size, 25 * 1024 * 1024);
    assert.equal(config.developer_mode, false);
    assert.deepEqual(config.installed_apps, []);
  });

  it('layers common config, site config and environment, later winning', () => {
    const dir = sitesWith(
      '{"db_host": "site-host", "developer_mode": 1}',
      '{"db_host": "common-host", "db_port": 5433, "max_file_size": 5}',
    );
    const config = loadConfig(dir, 'a.localhost', { CORTADO_MAX_FILE_SIZE: '7' });
    assert.equal(config.db_host, 'site-host');
    assert.equal(config.db_port, 5433);
    assert.equal(config.max_file_size, 7);
    assert.equal(config.developer_mode, true);
  });

  it('keeps unknown keys for apps', () => {
    const config = loadConfig(sitesWith('{"my_app_key": {"x": 1}}'), 'a.localhost', {});
    assert.deepEqual(config.my_app_key, { x: 1 });
  });

  it('parses JSON-typed environment values', () => {
    const config = loadConfig(sitesWith('{}'), 'a.localhost', {
      CORTADO_RATE_LIMIT: '{"limit": 60, "window": 60}',
      CORTADO_ALLOW_CORS: '*',
      CORTADO_DEVELOPER_MODE: 'true',
    });
    assert.deepEqual(config.rate_limit, { limit: 60, window: 60 });
    assert.equal(config.allow_cors, '*');
    assert.equal(config.developer_mode, true);
  });

  const rejected: [string, string, string | undefined, Record<string, string>, RegExp][] = [
    [
      'unknown db_type',
      '{"db_type": "oracle"}',
      undefined,
      {},
      /^site_config\.json: db_type must be one of sqlite, postgres, mariadb \(got 'oracle'\)$/,
    ],
    [
      'string port',
      '{"db_port": "5432"}',
      undefined,
      {},
      /^site_config\.json: db_port must be an integer/,
    ],
    [
      'bad common key',
      '{}',
      '{"rate_limit": {"limit": 5}}',
      {},
      /^common_site_config\.json: rate_limit must be/,
    ],
    [
      'bad env value',
      '{}',
      undefined,
      { CORTADO_DB_TYPE: 'x' },
      /^CORTADO_DB_TYPE: db_type must be one of/,
    ],
    [
      'env not JSON',
      '{}',
      undefined,
      { CORTADO_DB_PORT: 'abc' },
      /^CORTADO_DB_PORT: not valid JSON/,
    ],
    [
      'malformed JSON',
      '{\n  "db_type": "sqlite",\n}',
      undefined,
      {},
      /^site_config\.json: malformed JSON at line 3, column 1$/,
    ],
    [
      'malformed common',
      '{}',
      '{"a" 1}',
      {},
      /^common_site_config\.json: malformed JSON at line 1, column 6$/,
    ],
    ['not an object', '[1]', undefined, {}, /^site_config\.json: must contain a JSON object$/],
    ['empty file', '', undefined, {}, /^site_config\.json: malformed JSON at line 1, column 1$/],
    [
      'list of numbers for allow_cors',
      '{"allow_cors": [1]}',
      undefined,
      {},
      /allow_cors must be a string or a list/,
    ],
  ];
  for (const [name, site, common, env, pattern] of rejected) {
    it(`rejects ${name} with one line naming the source`, () => {
      assert.match(
        configError(() => loadConfig(sitesWith(site, common), 'a.localhost', env)),
        pattern,
      );
    });
  }

  it('reports a missing site', () => {
    const message = configError(() => loadConfig(sitesWith('{}'), 'nope.localhost', {}));
    assert.match(message, /^Site 'nope\.localhost' does not exist/);
  });
});
