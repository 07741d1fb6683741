import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { loadConfig } from '../../src/core/config/load-config.js';
import { insertDoc } from '../../src/engine/document.js';
import { withContext } from '../../src/engine/runtime/with-context.js';
import { dropDatabase } from '../../src/platform/db/connect.js';
import { createSite } from '../../src/sites/create-site.js';
import { generateUserApiKeys } from '../../src/sites/user-api-keys.js';
import { DIALECTS, testSiteConfig } from '../helpers/dialects.js';
import {
  connect,
  record,
  startServerChild,
  waitForEvents,
  type Cleanups,
} from './realtime-harness.js';

const REDIS = 'redis://127.0.0.1:6379/0';
const cleanups: Cleanups = [];
after(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

for (const dialect of DIALECTS.slice(0, 1))
  test(`realtime across two processes on one Redis (${dialect}): doc_update reaches readers only`, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cortado-rt-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    writeFileSync(join(dir, 'common_site_config.json'), JSON.stringify({ redis_socketio: REDIS }));
    const name = `rt-${randomUUID().slice(0, 8)}.localhost`;
    const { db_host, db_port, db_user } = testSiteConfig(dialect);
    const server = dialect === 'sqlite' ? {} : { db_host, db_port, db_user };
    const { site } = await createSite(dir, name, {
      adminPassword: 'Realtime-1',
      config: {
        ...server,
        db_type: dialect,
        db_name: name.replace(/\W/g, '_'),
        log_level: 'silent',
      },
    });
    cleanups.push(() => dropDatabase(loadConfig(dir, name), join(dir, name)));
    const outsider = 'outsider@example.com';
    const todo = await withContext(site, 'Administrator', async (ctx) => {
      await insertDoc(ctx, {
        doctype: 'User',
        email: outsider,
        first_name: 'Out',
        user_type: 'System User',
      });
      return insertDoc(ctx, { doctype: 'ToDo', description: 'watched' });
    });
    const admin = await generateUserApiKeys(site, 'Administrator');
    const other = await generateUserApiKeys(site, outsider);
    await site.db.close();
    const adminAuth = `token ${admin.api_key}:${admin.api_secret}`;
    const otherAuth = `token ${other.api_key}:${other.api_secret}`;

    const [urlA, urlB] = await Promise.all([
      startServerChild(cleanups, dir, name),
      startServerChild(cleanups, dir, name),
    ]);
    const watcher = await connect(cleanups, urlA, name, { Authorization: adminAuth });
    const intruder = await connect(cleanups, urlA, name, { Authorization: otherAuth });
    const seenByWatcher = record(watcher);
    const seenByIntruder = record(intruder);

    assert.equal(await watcher.emitWithAck('doc_subscribe', 'ToDo', todo.name), true);
    assert.equal(await watcher.emitWithAck('doctype_subscribe', 'ToDo'), true);
    assert.equal(
      await intruder.emitWithAck('doc_subscribe', 'ToDo', todo.name),
      false,
      'no read permission',
    );
    assert.equal(
      await intruder.emitWithAck('doctype_subscribe', 'ToDo'),
      true,
      'may read some ToDos',
    );
    assert.equal(await intruder.emitWithAck('doc_subscribe', 'NoSuchDocType', 'x'), false);
    intruder.emit('no_such_event', { anything: 1 });
    intruder.emit('doc_subscribe', { not: 'a string' }, 42);

    const saved = await fetch(`${urlB}/api/resource/ToDo/${todo.name}`, {
      method: 'PUT',
      headers: { Authorization: adminAuth, 'Content-Type': 'application/json' },
      body: JSON.stringify({ description: 'changed through B' }),
    });
    assert.equal(saved.status, 200);
    await waitForEvents(seenByWatcher, ['doc_update', 'list_update']);
    const update = seenByWatcher.get('doc_update')![0] as {
      doctype: string;
      name: string;
      modified: string;
    };
    assert.equal(update.doctype, 'ToDo');
    assert.equal(update.name, todo.name);
    assert.ok(update.modified);
    // The intruder's socket still works, and never saw the document.
    await new Promise<void>((resolve) => {
      intruder.once('pong', () => resolve());
      intruder.emit('ping');
    });
    assert.deepEqual(
      [...seenByIntruder.keys()].filter((e) => e !== 'pong'),
      [],
    );

    // Guests and bad credentials are refused at the handshake.
    await assert.rejects(connect(cleanups, urlA, name, {}), /Unauthorized/);
    await assert.rejects(connect(cleanups, urlA, name, { Authorization: 'token nope:nope' }));
    await assert.rejects(
      connect(cleanups, urlA, 'no-such-site.localhost', { Authorization: adminAuth }),
      /Invalid namespace/,
    );
    await assert.rejects(
      connect(cleanups, urlA, name, { Authorization: adminAuth, Origin: 'https://evil.example' }),
      /Invalid origin/,
    );
  });
