import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import type { Socket } from 'socket.io-client';
import { insertDoc } from '../../src/engine/document.js';
import { DIALECTS } from '../helpers/dialects.js';
import { createJobSite } from '../jobs/job-harness.js';
import {
  connect,
  record,
  startServerChild,
  userWithToken,
  waitForEvents,
  type Cleanups,
} from './realtime-harness.js';

/*
 * Frappe's realtime rooms and client events beyond doc_subscribe: the sid
 * cookie handshake, the `all` room, `doc_open`/`doc_close` with `doc_viewers`,
 * and no `doc_update`/`list_update` for a save whose request rolled back.
 */

const cleanups: Cleanups = [];
after(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

const VIEWER = 'viewer@example.com';
const WEB_USER = 'web@example.com';

/** The next `event` the socket receives. */
function next(socket: Socket, event: string): Promise<unknown> {
  return new Promise((resolve) => socket.once(event, resolve));
}

/** A round trip on the socket: whatever the server sent it before is received by now. */
async function roundTrip(socket: Socket): Promise<void> {
  const pong = next(socket, 'pong');
  socket.emit('ping');
  await pong;
}

for (const dialect of DIALECTS)
  test(`realtime rooms (${dialect}): sid cookie, all, doc_open/doc_close viewers, nothing for a rollback`, async () => {
    const s = await createJobSite(dialect);
    cleanups.push(() => s.close());
    const viewerAuth = await userWithToken(s.site, VIEWER, {
      user_type: 'System User',
      roles: [{ role: 'System Manager' }],
    });
    const webAuth = await userWithToken(s.site, WEB_USER, { user_type: 'Website User' });
    const todo = await s.asUser('Administrator', (ctx) =>
      insertDoc(ctx, { doctype: 'ToDo', description: 'watched' }),
    );
    const url = await startServerChild(cleanups, s.dir, s.name);
    const post = (path: string, auth: string, body: unknown, method = 'POST') =>
      fetch(`${url}${path}`, {
        method,
        headers: { Authorization: auth, 'Content-Type': 'application/json' },
        body: JSON.stringify(body),
      });

    // The handshake takes a login session's sid cookie, as Frappe's desk connects.
    const login = await fetch(`${url}/api/method/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ usr: 'Administrator', pwd: 'Jobs-Test-1' }),
    });
    assert.equal(login.status, 200);
    const sid = login.headers
      .getSetCookie()
      .map((cookie) => /^sid=([^;]+)/.exec(cookie)?.[1])
      .find((value) => value !== undefined && value !== 'Guest');
    assert.ok(sid, 'login set a sid cookie');
    const admin = await connect(cleanups, url, s.name, { Cookie: `sid=${sid}` });
    await assert.rejects(
      connect(cleanups, url, s.name, { Cookie: 'sid=no-such-session' }),
      /Unauthorized|session/i,
    );
    const viewer = await connect(cleanups, url, s.name, { Authorization: viewerAuth });
    const web = await connect(cleanups, url, s.name, { Authorization: webAuth });
    const seenByAdmin = record(admin);
    const seenByWeb = record(web);

    // publish_realtime without a target goes to `all`: System Users only.
    const viewerBroadcast = next(viewer, 'broadcast');
    assert.equal(
      (await post('/api/method/jobs_test.api.broadcast', webAuth, { text: 'hi' })).status,
      200,
    );
    await waitForEvents(seenByAdmin, ['broadcast']);
    assert.deepEqual(seenByAdmin.get('broadcast'), [{ text: 'hi' }]);
    assert.deepEqual(await viewerBroadcast, { text: 'hi' });
    await roundTrip(web);
    assert.equal(seenByWeb.has('broadcast'), false, 'a Website User is not in `all`');

    // doc_open: a lone viewer hears nothing; a second one makes both hear who is there.
    assert.equal(await admin.emitWithAck('doc_open', 'ToDo', todo.name), true);
    const bothForAdmin = next(admin, 'doc_viewers');
    const bothForViewer = next(viewer, 'doc_viewers');
    assert.equal(await viewer.emitWithAck('doc_open', 'ToDo', todo.name), true);
    const both = { doctype: 'ToDo', docname: todo.name, users: ['Administrator', VIEWER] };
    assert.deepEqual(await bothForAdmin, both);
    assert.deepEqual(await bothForViewer, both);
    assert.equal(seenByAdmin.get('doc_viewers')?.length, 1, 'no doc_viewers for the lone viewer');
    assert.equal(
      await web.emitWithAck('doc_open', 'ToDo', todo.name),
      false,
      'no read permission: not joined',
    );
    web.emit('doc_open', ['not', 'a', 'name'], 1);
    web.emit('doc_close', 'ToDo', todo.name);

    // doc_close, then a disconnect, leave the viewers' room and tell those still in it.
    const alone = { doctype: 'ToDo', docname: todo.name, users: ['Administrator'] };
    const afterClose = next(admin, 'doc_viewers');
    viewer.emit('doc_close', 'ToDo', todo.name);
    assert.deepEqual(await afterClose, alone);
    const reopened = next(admin, 'doc_viewers');
    assert.equal(await viewer.emitWithAck('doc_open', 'ToDo', todo.name), true);
    assert.deepEqual(await reopened, both);
    const afterDisconnect = next(admin, 'doc_viewers');
    viewer.disconnect();
    assert.deepEqual(await afterDisconnect, alone);

    // A save whose request rolls back announces nothing; the committed save after it does.
    assert.equal(await admin.emitWithAck('doc_subscribe', 'ToDo', todo.name), true);
    assert.equal(await admin.emitWithAck('doctype_subscribe', 'ToDo'), true);
    const failed = await post('/api/method/jobs_test.api.save_then_fail', viewerAuth, {
      name: todo.name,
      description: 'rolled back',
    });
    assert.equal(failed.status, 417);
    const saved = await post(
      `/api/resource/ToDo/${encodeURIComponent(String(todo.name))}`,
      viewerAuth,
      { description: 'committed' },
      'PUT',
    );
    assert.equal(saved.status, 200);
    const { modified } = ((await saved.json()) as { data: { modified: string } }).data;
    await waitForEvents(seenByAdmin, ['doc_update', 'list_update']);
    assert.deepEqual(seenByAdmin.get('doc_update'), [
      { doctype: 'ToDo', name: todo.name, modified },
    ]);
    assert.equal(seenByAdmin.get('list_update')?.length, 1);
    await roundTrip(web);
    assert.equal(seenByWeb.has('doc_update') || seenByWeb.has('list_update'), false);
  });
