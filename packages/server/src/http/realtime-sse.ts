import type { FastifyInstance } from 'fastify';
import { PermissionError } from '../core/errors/index.js';
import {
  addRealtimeSink,
  createRelayPublisher,
  deliverToStreams,
  openEventStream,
  streamRooms,
  subscribeRelay,
  type StreamSubscriptions,
} from '../features/realtime/index.js';

/** Path of the event stream: Cortado's, for clients that cannot speak socket.io. */
export const EVENT_STREAM_PATH = '/api/realtime/events';
/** Redis channel on which server processes share events for their event streams. */
const STREAM_CHANNEL = 'cortado-realtime-sse';
/** A comment line this often keeps proxies from closing an idle stream. */
const KEEPALIVE_MS = 15_000;

/**
 * Server-sent events at `GET /api/realtime/events`: the same events and
 * rooms as the socket.io channel, authenticated like any request (the `sid`
 * cookie or an `Authorization` header; Guests get 403), subscriptions given
 * as `doctype`, `doc` (`<DocType>/<name>`) and `task` query parameters and
 * checked like `doctype_subscribe` / `doc_subscribe`. The first event,
 * `subscribed`, lists the rooms joined and those refused. With Redis, each
 * event published in any server process reaches every process's streams once.
 */
export async function registerEventStream(
  app: FastifyInstance,
  redisUrl: string | null,
): Promise<void> {
  const shared =
    redisUrl === null ? undefined : await createRelayPublisher(redisUrl, STREAM_CHANNEL);
  const unsubscribe =
    redisUrl === null
      ? async () => {}
      : await subscribeRelay(
          redisUrl,
          (site, event) => void deliverToStreams(site, event),
          STREAM_CHANNEL,
        );
  // Events from workers arrive over the main relay in every process (local); others are shared once over Redis.
  const removeSink = addRealtimeSink((site, event) => {
    if (shared === undefined || event.local === true) void deliverToStreams(site, event);
    else shared.sink(site, event);
  });
  app.addHook('onClose', async () => {
    removeSink();
    await unsubscribe();
    await shared?.close();
  });

  app.get(EVENT_STREAM_PATH, async (request, reply) => {
    const { site, auth } = request.cortado;
    if (site === undefined || auth === undefined || auth.user === 'Guest')
      throw new PermissionError('Not permitted');
    const { rooms, refused } = await streamRooms(
      site,
      auth.user,
      auth.systemUser === true,
      subscriptionsOf(request.query as Record<string, unknown>),
    );
    reply.hijack();
    const raw = reply.raw;
    raw.writeHead(200, {
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-cache, no-transform',
      Connection: 'keep-alive',
      'X-Accel-Buffering': 'no',
    });
    const send = (event: string, data: unknown) => {
      raw.write(
        `event: ${event.replace(/[\r\n]/g, ' ')}\ndata: ${JSON.stringify(data ?? null)}\n\n`,
      );
    };
    const close = openEventStream({ site, user: auth.user, rooms, send });
    const keepalive = setInterval(() => raw.write(': keepalive\n\n'), KEEPALIVE_MS);
    request.raw.once('close', () => {
      clearInterval(keepalive);
      close();
    });
    send('subscribed', { rooms: [...rooms], refused });
  });
}

/** Query values as lists: `?doctype=A&doctype=B` or one value. */
function subscriptionsOf(query: Record<string, unknown>): StreamSubscriptions {
  const list = (key: string) => {
    const value = query[key];
    const values = Array.isArray(value) ? value : value === undefined ? [] : [value];
    return values.filter((item): item is string => typeof item === 'string');
  };
  return { doctype: list('doctype'), doc: list('doc'), task: list('task') };
}
