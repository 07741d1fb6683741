import type { FastifyInstance } from 'fastify';
import type { Namespace, Server, Socket } from 'socket.io';
import type { Site } from '../engine/site.js';
import { openRedis } from '../platform/redis/open-redis.js';
import {
  addRealtimeSink,
  deliverRealtime,
  handleSocket,
  realtimeDocListener,
  subscribeRelay,
  userMayRead,
  userRoom,
  type RealtimeEvent,
  type SocketSession,
} from '../features/realtime/index.js';
import type { Authenticator } from './authenticator.js';
import { originAllowed } from './plugins/cors.js';
import { registerEventStream } from './realtime-sse.js';
import { createSiteSelector, type SitesOption } from './site-resolver.js';

/** What the realtime server needs from `buildApp`. */
export interface RealtimeOptions {
  readonly sites: SitesOption;
  readonly defaultSite?: string;
  readonly authenticate: Authenticator;
  /** Redis URL for `@socket.io/redis-adapter`, so events reach sockets on every process. */
  readonly redisUrl?: string | null;
}

/**
 * Frappe's realtime server on the HTTP server's own port, at `/socket.io`:
 * one namespace per site (`/<site name>`, as Frappe's client connects),
 * authenticated like HTTP requests (the `sid` cookie or an `Authorization`
 * header; Guests are refused), with a cross-site `Origin` refused unless
 * `allow_cors` admits it. Events published in this process — and, with the
 * Redis adapter, in any process — reach the sockets in their room.
 */
export async function registerRealtime(
  app: FastifyInstance,
  options: RealtimeOptions,
): Promise<void> {
  const selectSite = createSiteSelector(options.sites, options.defaultSite);
  // Loaded here: a process without the realtime server (tests, workers, CLI) never needs it.
  const { Server } = await import('socket.io');
  const io = new Server(app.server, {
    serveClient: false,
    // Origins are checked per site in the handshake below.
    cors: { origin: true, credentials: true },
  });
  const closeAdapter = options.redisUrl
    ? await useRedisAdapter(io, options.redisUrl)
    : async () => {};
  // Events from processes without a server (workers) arrive over the relay, one copy per server process.
  const closeRelay = options.redisUrl
    ? await subscribeRelay(options.redisUrl, (site, event) =>
        deliverRealtime(site, { ...event, local: true }),
      )
    : async () => {};
  const namespaces = new Map<string, Namespace>();
  const watched = new WeakSet<Site>();
  const sessions = new WeakMap<Socket, SocketSession>();

  /** Doc events of a site become doc_update/list_update once per process. */
  function watch(site: Site): void {
    if (watched.has(site)) return;
    watched.add(site);
    openSites.set(site.name, site);
    site.events.subscribe(realtimeDocListener(site));
  }

  /** The site's namespace, created here (never through a bare `io.of`) so it always has the handshake checks. */
  function siteNamespace(name: string): Namespace {
    let namespace = namespaces.get(name);
    if (namespace !== undefined) return namespace;
    namespace = io.of(`/${name}`);
    namespaces.set(name, namespace);
    namespace.use((socket, next) => {
      handshake(socket, name).then(
        (session) => {
          sessions.set(socket, session);
          next();
        },
        (error: unknown) => next(error instanceof Error ? error : new Error('Unauthorized')),
      );
    });
    namespace.on('connection', (socket) => {
      const session = sessions.get(socket);
      if (session === undefined) socket.disconnect(true);
      else handleSocket(namespace, socket, session);
    });
    return namespace;
  }

  async function handshake(socket: Socket, siteName: string): Promise<SocketSession> {
    const { headers } = socket.handshake;
    const site = await selectSite(siteName, headers.host);
    if (site === undefined) throw new Error('Invalid namespace');
    const origin = headers.origin;
    if (
      origin !== undefined &&
      hostOf(origin) !== hostOf(`http://${headers.host ?? ''}`) &&
      !originAllowed(site.config, origin)
    )
      throw new Error('Invalid origin');
    const auth = await options.authenticate(
      {
        method: 'GET',
        url: socket.handshake.url,
        headers,
        cookies: app.parseCookie(headers.cookie ?? ''),
        args: {},
        ip: socket.handshake.address,
      },
      site,
    );
    if (auth.user === 'Guest') throw new Error('Unauthorized');
    watch(site);
    socket.data = { user: auth.user };
    return { site, user: auth.user, systemUser: auth.systemUser === true };
  }

  // Connections to a site's namespace that this process has not created yet.
  io.of((name, _auth, next) => {
    const siteName = name.slice(1);
    Promise.resolve(selectSite(siteName, undefined)).then(
      (site) => {
        if (site !== undefined) siteNamespace(siteName);
        next(null, site !== undefined);
      },
      () => next(null, false),
    );
  });

  await registerEventStream(app, options.redisUrl ?? null);
  const openSites = new Map<string, Site>();
  const removeSink = addRealtimeSink((siteName, event) => {
    const namespace = siteNamespace(siteName);
    // Every save publishes doc_update and list_update; where this process
    // sees all of a room's sockets (no Redis adapter, or a relayed event) and
    // the room has none, there is nobody to encode a packet or check reads for.
    if ((!options.redisUrl || event.local === true) && !namespace.adapter.rooms.has(event.room))
      return;
    const site = openSites.get(siteName);
    if (event.readCheck === undefined)
      (event.local === true ? namespace.local : namespace)
        .to(event.room)
        .emit(event.event, event.message);
    else if (site !== undefined)
      void emitToReaders(namespace, site, event).catch((error: unknown) =>
        app.log.warn({ err: error, event: event.event }, 'realtime event not sent'),
      );
  });
  app.addHook('preHandler', async (request) => {
    const site = request.cortado.site;
    if (site !== undefined) watch(site);
  });
  app.addHook('preClose', async () => {
    removeSink();
    io.disconnectSockets(true);
    io.engine.close();
  });
  app.addHook('onClose', async () => {
    await closeAdapter();
    await closeRelay();
  });
}

/**
 * Emits to the room's sockets except those of users who may not read the
 * document: the room's users are gathered from every process (through the
 * adapter), each is checked once, and the refused ones are left out by their
 * user room.
 */
async function emitToReaders(
  namespace: Namespace,
  site: Site,
  event: RealtimeEvent,
): Promise<void> {
  const check = event.readCheck!;
  const scope = event.local === true ? namespace.local : namespace;
  const sockets = await scope.in(event.room).fetchSockets();
  const users = [...new Set(sockets.map((socket) => (socket.data as { user?: string }).user))];
  const refused: string[] = [];
  for (const user of users)
    if (user === undefined || !(await userMayRead(site, user, check.doctype, check.name)))
      refused.push(userRoom(user ?? ''));
  scope.to(event.room).except(refused).emit(event.event, event.message);
}

function hostOf(url: string): string | null {
  try {
    return new URL(url).hostname.toLowerCase();
  } catch {
    return null;
  }
}

/** Connects the Redis adapter; returns how to close its two connections. */
async function useRedisAdapter(io: Server, redisUrl: string): Promise<() => Promise<void>> {
  const [{ createAdapter }, pub] = await Promise.all([
    import('@socket.io/redis-adapter'),
    openRedis(redisUrl, { lazyConnect: false, maxRetriesPerRequest: null }),
  ]);
  const sub = pub.duplicate();
  sub.on('error', () => {});
  io.adapter(createAdapter(pub, sub, { key: 'cortado-socket.io' }));
  return async () => {
    await Promise.allSettled([pub.quit(), sub.quit()]);
  };
}
