import type { Site } from '../../engine/site.js';
import { userMayRead } from './may-read.js';
import type { RealtimeEvent } from '../../engine/runtime/realtime-hub.js';
import { ALL_ROOM, docRoom, doctypeRoom, taskRoom, userRoom, WEBSITE_ROOM } from './rooms.js';

/** What an event-stream client asks to follow: the socket events' subscriptions as query parameters. */
export interface StreamSubscriptions {
  /** `doctype_subscribe`: DocTypes. */
  readonly doctype: readonly string[];
  /** `doc_subscribe`: `<DocType>/<name>` (a DocType name never holds `/`). */
  readonly doc: readonly string[];
  /** `task_subscribe`: task ids. */
  readonly task: readonly string[];
}

/** One open event stream: its user, rooms and how to write to it. */
export interface EventStream {
  readonly site: Site;
  readonly user: string;
  readonly rooms: ReadonlySet<string>;
  send(event: string, data: unknown): void;
}

/** Longest DocType, document name or task id a client may send; and most subscriptions per stream. */
const MAX_NAME = 255;
const MAX_SUBSCRIPTIONS = 100;

/**
 * The rooms a stream joins, by the socket.io rules: its user's room,
 * `website`, `all` for System Users, and each requested DocType, document or
 * task that passes the same read check as `doctype_subscribe` /
 * `doc_subscribe` (`task_subscribe` has none). Refused and malformed ones are
 * listed apart, never joined.
 */
export async function streamRooms(
  site: Site,
  user: string,
  systemUser: boolean,
  wanted: StreamSubscriptions,
): Promise<{ rooms: Set<string>; refused: string[] }> {
  const rooms = new Set([userRoom(user), WEBSITE_ROOM, ...(systemUser ? [ALL_ROOM] : [])]);
  const refused: string[] = [];
  const total = wanted.doctype.length + wanted.doc.length + wanted.task.length;
  if (total > MAX_SUBSCRIPTIONS) return { rooms, refused: ['too many subscriptions'] };
  for (const doctype of wanted.doctype)
    if (valid(doctype) && (await userMayRead(site, user, doctype))) rooms.add(doctypeRoom(doctype));
    else refused.push(`doctype:${doctype}`);
  for (const doc of wanted.doc) {
    const slash = doc.indexOf('/');
    const [doctype, name] = [doc.slice(0, slash), doc.slice(slash + 1)];
    if (
      slash > 0 &&
      valid(doctype) &&
      valid(name) &&
      (await userMayRead(site, user, doctype, name))
    )
      rooms.add(docRoom(doctype, name));
    else refused.push(`doc:${doc}`);
  }
  for (const task of wanted.task)
    if (valid(task)) rooms.add(taskRoom(task));
    else refused.push(`task_progress:${task}`);
  return { rooms, refused };
}

function valid(value: string): boolean {
  return value.length > 0 && value.length <= MAX_NAME;
}

const streams = new Set<EventStream>();

/** Adds an open stream of this process; returns how to remove it. */
export function openEventStream(stream: EventStream): () => void {
  streams.add(stream);
  return () => streams.delete(stream);
}

/**
 * Writes an event to this process's streams of the site in its room; an
 * event with a read check reaches only users who may read the document.
 */
export async function deliverToStreams(siteName: string, event: RealtimeEvent): Promise<void> {
  const verdicts = new Map<string, Promise<boolean>>();
  for (const stream of streams) {
    if (stream.site.name !== siteName || !stream.rooms.has(event.room)) continue;
    const check = event.readCheck;
    if (check !== undefined) {
      let allowed = verdicts.get(stream.user);
      if (allowed === undefined) {
        allowed = userMayRead(stream.site, stream.user, check.doctype, check.name);
        verdicts.set(stream.user, allowed);
      }
      if (!(await allowed)) continue;
    }
    stream.send(event.event, event.message);
  }
}
