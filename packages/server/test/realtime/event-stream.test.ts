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
import { startServerChild, waitForEvents, type Cleanups } from './realtime-harness.js';

const REDIS = 'redis://127.0.0.1:6379/0';
const cleanups: Cleanups = [];
after(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

/** Opens the event stream with a real HTTP client and collects its events by name. */
async function openStream(
  url: string,
  query: string,
  headers: Record<string, string>,
): Promise<{ status: number; seen: Map<string, unknown[]> }> {
  const controller = new AbortController();
  cleanups.push(() => controller.abort());
  const response = await fetch(`${url}/api/realtime/events?${query}`, {
    headers,
    signal: controller.signal,
  });
  const seen = new Map<string, unknown[]>();
  if (response.status !== 200) {
    await response.body?.cancel();
    return { status: response.status, seen };
  }
  assert.match(String(response.headers.get('content-type')), /^text\/event-stream/);
  const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
  void (async () => {
    let buffered = '';
    for (;;) {
      const { value, done } = await reader.read().catch(() => ({ value: '', done: true }));
      if (done) return;
      buffered += value;
      const blocks = buffered.split('\n\n');
      buffered = blocks.pop() ?? '';
      for (const block of blocks) {
        const event = /^event: (.*)$/m.exec(block)?.[1];
        const data = /^data: (.*)$/m.exec(block)?.[1];
        if (event !== undefined && data !== undefined)
          seen.set(event, [...(seen.get(event) ?? []), JSON.parse(data)]);
      }
    }
  })();
  return { status: response.status, seen };
}

for (const dialect of DIALECTS.slice(0, 1))
  test(`server-sent events across two processes (${dialect}): same auth, rooms and read rule as socket.io`, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cortado-sse-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    writeFileSync(join(dir, 'common_site_config.json'), JSON.stringify({ redis_socketio: REDIS }));
    const name = `sse-${randomUUID().slice(0, 8)}.localhost`;
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
    const adminAuth = { Authorization: `token ${admin.api_key}:${admin.api_secret}` };
    const otherAuth = { Authorization: `token ${other.api_key}:${other.api_secret}` };

    const [urlA, urlB] = await Promise.all([
      startServerChild(cleanups, dir, name),
      startServerChild(cleanups, dir, name),
    ]);
    const query = `doctype=ToDo&doc=${encodeURIComponent(`ToDo/${String(todo.name)}`)}&task=t1`;
    const watcher = await openStream(urlA, query, adminAuth);
    const intruder = await openStream(urlA, query, otherAuth);
    await waitForEvents(watcher.seen, ['subscribed']);
    await waitForEvents(intruder.seen, ['subscribed']);
    const joined = watcher.seen.get('subscribed')![0] as { rooms: string[]; refused: string[] };
    assert.ok(joined.rooms.includes(`doc:ToDo/${String(todo.name)}`));
    assert.deepEqual(joined.refused, []);
    const intruderJoined = intruder.seen.get('subscribed')![0] as {
      rooms: string[];
      refused: string[];
    };
    assert.deepEqual(
      intruderJoined.refused,
      [`doc:ToDo/${String(todo.name)}`],
      'no read permission',
    );
    assert.ok(intruderJoined.rooms.includes('doctype:ToDo'), 'may read some ToDos');

    const saved = await fetch(`${urlB}/api/resource/ToDo/${String(todo.name)}`, {
      method: 'PUT',
      headers: { ...adminAuth, 'Content-Type': 'application/json' },
      body: JSON.stringify({ description: 'changed through B' }),
    });
    assert.equal(saved.status, 200);
    await waitForEvents(watcher.seen, ['doc_update', 'list_update']);
    assert.equal(watcher.seen.get('doc_update')!.length, 1, 'once');
    assert.equal((watcher.seen.get('doc_update')![0] as { name: string }).name, todo.name);

    // The intruder's stream is open and gets its own events, never the document's.
    const note = await fetch(`${urlB}/api/resource/ToDo`, {
      method: 'POST',
      headers: { ...otherAuth, 'Content-Type': 'application/json' },
      body: JSON.stringify({ description: 'mine' }),
    });
    assert.equal(note.status, 200);
    await waitForEvents(intruder.seen, ['list_update']);
    const updates = intruder.seen.get('list_update') as { name: string }[];
    assert.ok(
      updates.every((u) => u.name !== todo.name),
      JSON.stringify(updates),
    );
    assert.equal(intruder.seen.has('doc_update'), false);

    // Guests and bad credentials get no stream.
    assert.equal((await openStream(urlA, query, {})).status, 403);
    assert.equal((await openStream(urlA, query, { Authorization: 'token nope:nope' })).status, 401);
  });
