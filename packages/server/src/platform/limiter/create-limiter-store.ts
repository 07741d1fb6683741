import { openRedis, type RedisClient as Redis } from '../redis/open-redis.js';
import type {
  RateLimiterAbstract,
  RateLimiterMemory,
  RateLimiterRedis,
} from 'rate-limiter-flexible';
import type { Limiter, LimiterSpec, LimiterStore, LimiterStoreOptions } from './limiter-store.js';
import { wrapLimiter } from './wrap-limiter.js';
import { lazyRequire } from '../../core/lazy-require.js';

/*
 * The package's index loads every store it supports (~11 MB resident); the
 * two we use are loaded from their own files, and the Redis one (with ioredis)
 * only for a site that has `redis_cache`.
 */
const memoryLimiter = lazyRequire<typeof RateLimiterMemory>(
  'rate-limiter-flexible/lib/RateLimiterMemory.js',
);
const redisLimiter = lazyRequire<typeof RateLimiterRedis>(
  'rate-limiter-flexible/lib/RateLimiterRedis.js',
);

type InnerFactory = (opts: {
  keyPrefix: string;
  points: number;
  duration: number;
}) => RateLimiterAbstract;

/**
 * The inner limiter never refuses by itself: `wrapLimiter` compares the count
 * with the spec's points, so a limit read per request (Frappe's callable
 * `limit`) can change without losing the running counter.
 */
const UNBOUNDED = Number.MAX_SAFE_INTEGER;

interface Backend {
  /** Only called once `ready` has settled without error. */
  readonly make: InnerFactory;
  /** Settles when the backend can take commands (or has failed to connect). */
  readonly ready: () => Promise<void>;
  readonly ping: () => Promise<void>;
  readonly close: () => Promise<void>;
}

/** Commands wait this long for the first connection; later outages answer at once. */
const FIRST_CONNECT_WAIT_MS = 2000;

/** Resolves once the client's first connection attempt has succeeded or failed. */
function firstConnect(client: Redis): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, FIRST_CONNECT_WAIT_MS);
    client.once('ready', done);
    client.once('error', done);
    function done(): void {
      clearTimeout(timer);
      client.off('ready', done);
      client.off('error', done);
      resolve();
    }
  });
}

async function connectRedis(url: string): Promise<Redis> {
  // No offline queue: while Redis is down a command fails at once, so the
  // fail-open/closed answer comes immediately instead of after a reconnect.
  const client = await openRedis(url, { enableOfflineQueue: false, maxRetriesPerRequest: 1 });
  await firstConnect(client);
  return client;
}

function redisFactory(url: string): Backend {
  let client: Redis | undefined;
  const connected = connectRedis(url).then((opened) => {
    client = opened;
  });
  connected.catch(() => {}); // each command reports it through `ready`
  return {
    make: (opts) => {
      const RateLimiter = redisLimiter();
      return new RateLimiter({ ...opts, storeClient: client, rejectIfRedisNotReady: true });
    },
    ready: () => connected,
    ping: async () => {
      await connected;
      // Without an offline queue a command fails at once while Redis is away.
      if (client === undefined || (await client.ping()) !== 'PONG')
        throw new Error('Redis did not answer PING');
    },
    close: async () => {
      await connected.catch(() => {});
      client?.disconnect();
    },
  };
}

function memoryFactory(): Backend {
  const RateLimiter = memoryLimiter();
  return {
    make: (opts) => new RateLimiter(opts),
    ready: () => Promise.resolve(),
    ping: () => Promise.resolve(),
    close: async () => {},
  };
}

/**
 * Opens a limiter store: Redis when `redisUrl` is given, else process memory.
 *
 * ```ts
 * const store = createLimiterStore({ redisUrl: config.redis_cache, failOpen: true, keyPrefix: site.name });
 * const perIp = store.limiter({ name: 'login-failed-ip', points: 10, duration: 60 });
 * const { exceeded } = await perIp.consume(ip);
 * ```
 */
export function createLimiterStore(options: LimiterStoreOptions): LimiterStore {
  const backend = options.redisUrl ? redisFactory(options.redisUrl) : memoryFactory();
  const inners = new Map<string, RateLimiterAbstract>();
  const innerFor = (spec: LimiterSpec): RateLimiterAbstract => {
    const keyPrefix = [options.keyPrefix, 'rl', spec.name, String(spec.duration)]
      .filter(Boolean)
      .join(':');
    let inner = inners.get(keyPrefix);
    if (!inner) {
      inner = backend.make({ keyPrefix, points: UNBOUNDED, duration: spec.duration });
      inners.set(keyPrefix, inner);
    }
    return inner;
  };
  return {
    limiter: (spec: LimiterSpec): Limiter =>
      wrapLimiter(() => innerFor(spec), spec, options, backend.ready),
    ping: backend.ping,
    close: backend.close,
  };
}
