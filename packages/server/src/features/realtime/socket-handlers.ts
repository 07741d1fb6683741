import type { Namespace, Socket } from 'socket.io';
import type { Site } from '../../engine/site.js';
import { userMayRead } from './may-read.js';
import {
  ALL_ROOM,
  docRoom,
  doctypeRoom,
  openDocRoom,
  taskRoom,
  userRoom,
  WEBSITE_ROOM,
} from './rooms.js';

/** What the connection handshake established, kept on `socket.data`. */
export interface SocketSession {
  readonly site: Site;
  readonly user: string;
  readonly systemUser: boolean;
}

/** Longest DocType, document name or task id a client may send. */
const MAX_NAME = 255;

function mayRead(session: SocketSession, doctype: string, docname?: string): Promise<boolean> {
  return userMayRead(session.site, session.user, doctype, docname);
}

/** Calls a client's acknowledgement (a Cortado addition Frappe's clients never send) with the outcome. */
function acknowledge(args: unknown[], outcome: boolean): void {
  const ack = args.at(-1);
  if (typeof ack === 'function') (ack as (ok: boolean) => void)(outcome);
}

function name(value: unknown): string | null {
  return typeof value === 'string' && value.length > 0 && value.length <= MAX_NAME ? value : null;
}

/**
 * Frappe's socket events for one authenticated socket: it joins its user's
 * room, `website`, and `all` for System Users; `doc_subscribe`,
 * `doctype_subscribe` and `doc_open` join a room only after a read check
 * (a refusal is silent, as in Frappe); `task_subscribe` joins a task's
 * progress room. Malformed arguments and unknown events are ignored.
 */
export function handleSocket(namespace: Namespace, socket: Socket, session: SocketSession): void {
  void socket.join([
    userRoom(session.user),
    WEBSITE_ROOM,
    ...(session.systemUser ? [ALL_ROOM] : []),
  ]);
  socket.on('ping', () => socket.emit('pong'));

  socket.on('doctype_subscribe', async (doctype: unknown, ...rest: unknown[]) => {
    const dt = name(doctype);
    const allowed = dt !== null && (await mayRead(session, dt));
    if (allowed) await socket.join(doctypeRoom(dt));
    acknowledge(rest, allowed);
  });
  socket.on('doctype_unsubscribe', (doctype: unknown) => {
    const dt = name(doctype);
    if (dt !== null) void socket.leave(doctypeRoom(dt));
  });
  socket.on('doc_subscribe', async (doctype: unknown, docname: unknown, ...rest: unknown[]) => {
    const [dt, dn] = [name(doctype), name(docname)];
    const allowed = dt !== null && dn !== null && (await mayRead(session, dt, dn));
    if (allowed) await socket.join(docRoom(dt, dn));
    acknowledge(rest, allowed);
  });
  socket.on('doc_unsubscribe', (doctype: unknown, docname: unknown) => {
    const [dt, dn] = [name(doctype), name(docname)];
    if (dt !== null && dn !== null) void socket.leave(docRoom(dt, dn));
  });
  socket.on('task_subscribe', async (taskId: unknown, ...rest: unknown[]) => {
    const id = name(taskId);
    if (id !== null) await socket.join(taskRoom(id));
    acknowledge(rest, id !== null);
  });
  socket.on('task_unsubscribe', (taskId: unknown) => {
    const id = name(taskId);
    if (id !== null) void socket.leave(taskRoom(id));
  });
  handleViewers(namespace, socket, session);
}

/**
 * Frappe's "who is viewing this form": `doc_open` joins the document's
 * `open_doc:` room (after the read check), `doc_close` leaves it, and a
 * socket that disconnects leaves every form it had open. After each change
 * the room receives `doc_viewers`.
 */
function handleViewers(namespace: Namespace, socket: Socket, session: SocketSession): void {
  const open = new Map<string, readonly [string, string]>();
  const announce = (doctype: string, docname: string) =>
    announceViewers(namespace, session.user, doctype, docname).catch(() => {
      // A lost adapter round trip only costs one viewers update.
    });
  socket.on('doc_open', async (doctype: unknown, docname: unknown, ...rest: unknown[]) => {
    const [dt, dn] = [name(doctype), name(docname)];
    const allowed = dt !== null && dn !== null && (await mayRead(session, dt, dn));
    if (allowed) {
      open.set(openDocRoom(dt, dn), [dt, dn]);
      await socket.join(openDocRoom(dt, dn));
      await announce(dt, dn);
    }
    acknowledge(rest, allowed);
  });
  socket.on('doc_close', async (doctype: unknown, docname: unknown) => {
    const [dt, dn] = [name(doctype), name(docname)];
    if (dt === null || dn === null || !open.delete(openDocRoom(dt, dn))) return;
    await socket.leave(openDocRoom(dt, dn));
    await announce(dt, dn);
  });
  // By 'disconnect' the socket has left its rooms: the others see it gone.
  socket.on('disconnect', () => {
    for (const [dt, dn] of open.values()) void announce(dt, dn);
  });
}

/**
 * Frappe's `doc_viewers` `{doctype, docname, users}`: the users who have the
 * document open, sent to everyone in its room; nothing when the room is empty
 * or holds only the socket whose user caused the change (Frappe does not
 * tell a lone viewer about themself).
 */
async function announceViewers(
  namespace: Namespace,
  actor: string,
  doctype: string,
  docname: string,
): Promise<void> {
  const room = openDocRoom(doctype, docname);
  const sockets = await namespace.in(room).fetchSockets();
  const users = sockets.map((s) => (s.data as { user?: string }).user ?? '');
  if (users.length === 0 || (users.length === 1 && users[0] === actor)) return;
  namespace.to(room).emit('doc_viewers', { doctype, docname, users: [...new Set(users)] });
}
