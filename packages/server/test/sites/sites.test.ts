import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { ConfigError } from '../../src/core/errors/index.js';
import { createSite } from '../../src/sites/create-site.js';
import { dropSite } from '../../src/sites/drop-site.js';
import { loadInstalledApps } from '../../src/sites/load-apps.js';
import { migrateSite, type MigrateProgress } from '../../src/sites/migrate-site.js';
import { openSite } from '../../src/sites/open-site.js';
import { defaultSite, listSites } from '../../src/sites/sites-dir.js';
import { DIALECTS } from '../helpers/dialects.js';

const root = mkdtempSync(join(tmpdir(), 'cortado-sites-'));
after(() => rmSync(root, { recursive: true, force: true }));

function freshSitesDir(): string {
  const dir = join(root, `sites-${randomBytes(4).toString('hex')}`);
  mkdirSync(dir);
  return dir;
}

for (const dbType of DIALECTS) {
  describe(`site lifecycle on ${dbType}`, () => {
    it('creates, migrates idempotently, reopens and drops a site', async () => {
      const dir = freshSitesDir();
      const name = `t${randomBytes(4).toString('hex')}.localhost`;
      const progress: MigrateProgress[] = [];
      const { site } = await createSite(dir, name, {
        config: { db_type: dbType },
        adminPassword: 'admin',
        onProgress: (p) => progress.push(p),
      });
      try {
        assert.ok(existsSync(join(dir, name, 'public', 'files')));
        assert.ok(existsSync(join(dir, name, 'private', 'files')));
        const written = JSON.parse(readFileSync(join(dir, name, 'site_config.json'), 'utf8'));
        assert.match(written.encryption_key, /^[A-Za-z0-9_-]{43}=$/);
        assert.ok(
          progress.some((p) => p.phase === 'doctypes' && p.done === p.total && p.total > 0),
        );
        assert.deepEqual(progress.at(-1), { phase: 'apps', done: 1, total: 1 });
        const rows = await site.db.kysely.selectFrom('tabToDo').selectAll().execute();
        assert.deepEqual(rows, []);

        const again: MigrateProgress[] = [];
        await migrateSite(site, (p) => again.push(p));
        assert.deepEqual(
          again.at(-1),
          { phase: 'apps', done: 0, total: 0 },
          'afterInstall runs once',
        );
      } finally {
        await site.db.close();
      }
      assert.deepEqual(listSites(dir), [name]);
      assert.equal(defaultSite(dir), name);
      const reopened = await openSite(dir, name);
      assert.ok(reopened.meta.has('ToDo'));
      await reopened.db.close();

      const archived = await dropSite(dir, name);
      assert.ok(existsSync(join(archived, 'site_config.json')));
      assert.ok(!existsSync(join(dir, name)));
    });
  });
}

describe('createSite failures', () => {
  it('refuses an existing site', async () => {
    const dir = freshSitesDir();
    mkdirSync(join(dir, 'a.localhost'));
    writeFileSync(join(dir, 'a.localhost', 'site_config.json'), '{}');
    await assert.rejects(createSite(dir, 'a.localhost', { adminPassword: 'x' }), /already exists/);
  });

  it('removes the folder when the database is unreachable', async () => {
    const dir = freshSitesDir();
    await assert.rejects(
      createSite(dir, 'b.localhost', {
        adminPassword: 'x',
        config: { db_type: 'postgres', db_host: '127.0.0.1', db_port: 1 },
      }),
      (error: unknown) => error instanceof ConfigError && /127\.0\.0\.1:1/.test(error.message),
    );
    assert.ok(!existsSync(join(dir, 'b.localhost')));
  });
});

describe('defaultSite', () => {
  it('prefers default_site, then the only site, else explains', () => {
    const dir = freshSitesDir();
    assert.throws(() => defaultSite(dir), /No site in/);
    for (const name of ['a.localhost', 'b.localhost']) {
      mkdirSync(join(dir, name));
      writeFileSync(join(dir, name, 'site_config.json'), '{}');
    }
    assert.throws(() => defaultSite(dir), /Several sites .*a\.localhost, b\.localhost/);
    writeFileSync(join(dir, 'common_site_config.json'), '{"default_site": "b.localhost"}');
    assert.equal(defaultSite(dir), 'b.localhost');
  });
});

describe('loadInstalledApps', () => {
  it('loads an app module by name', async () => {
    const file = join(root, 'my-app.mjs');
    writeFileSync(file, 'export default { name: "my_app", version: "1.0.0", doctypes: [] };');
    const [app] = await loadInstalledApps([`file://${file}`]);
    assert.equal(app?.name, 'my_app');
  });

  it('names a package that cannot be loaded', async () => {
    await assert.rejects(
      loadInstalledApps(['@cortado/no-such-app']),
      (error: unknown) =>
        error instanceof ConfigError &&
        /^installed_apps: cannot load app '@cortado\/no-such-app'/.test(error.message),
    );
  });

  it('rejects a module without an app definition', async () => {
    const file = join(root, 'not-an-app.mjs');
    writeFileSync(file, 'export default 42;');
    await assert.rejects(
      loadInstalledApps([`file://${file}`]),
      /does not export an app definition/,
    );
  });
});
