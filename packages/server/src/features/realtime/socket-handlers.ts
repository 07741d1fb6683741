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
  socket.on('doc_open', async (doctype: unknown, docname: unknown) => {
    const [dt, dn] = [name(doctype), name(docname)];
    if (dt === null || dn === null || !(await mayRead(session, dt, dn))) return;
    await socket.join(openDocRoom(dt, dn));
    await announceViewers(namespace, dt, dn);
  });
  socket.on('doc_close', async (doctype: unknown, docname: unknown) => {
    const [dt, dn] = [name(doctype), name(docname)];
    if (dt === null || dn === null || !socket.rooms.has(openDocRoom(dt, dn))) return;
    await socket.leave(openDocRoom(dt, dn));
    await announceViewers(namespace, dt, dn);
  });
}

/** Frappe's `doc_viewers`: who has the document open, sent to the others viewing it. */
async function announceViewers(
  namespace: Namespace,
  doctype: string,
  docname: string,
): Promise<void> {
  const room = openDocRoom(doctype, docname);
  const sockets = await namespace.in(room).fetchSockets();
  const users = [
    ...new Set(sockets.map((s) => (s.data as { user?: string }).user).filter(Boolean)),
  ];
  namespace.to(room).emit('doc_viewers', { doctype, docname, users });
}
