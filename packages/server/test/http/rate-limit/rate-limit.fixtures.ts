import { createLimiterStore } from '../../../src/platform/limiter/create-limiter-store.js';
import type { AppDefinition } from '../../../src/engine/runtime/app-definition.js';

export const REDIS_URL = process.env['CORTADO_TEST_REDIS'] ?? 'redis://127.0.0.1:6379/0';

/** Limits read per call by `rl.dynamic`, changed by the tests. */
export const dynamicLimit = { value: 1 };

/** Guest methods carrying each shape of Frappe's `@rate_limit`. */
export const rateLimitedApp: AppDefinition = {
  name: 'rl_app',
  version: '0.0.1',
  doctypes: [],
  methods: [
    {
      path: 'rl.count',
      allowGuest: true,
      handler: () => 'ok',
      rateLimit: { limit: 2, seconds: 60 },
    },
    {
      path: 'rl.short',
      allowGuest: true,
      handler: () => 'ok',
      rateLimit: { limit: 1, seconds: 1 },
    },
    {
      path: 'rl.by_key',
      allowGuest: true,
      handler: () => 'ok',
      rateLimit: { limit: 2, seconds: 60, key: 'email' },
    },
    {
      path: 'rl.key_only',
      allowGuest: true,
      handler: () => 'ok',
      rateLimit: { limit: 2, seconds: 60, key: 'email', ipBased: false },
    },
    {
      path: 'rl.get_only',
      allowGuest: true,
      handler: () => 'ok',
      rateLimit: { limit: 1, seconds: 60, methods: ['GET'] },
    },
    {
      path: 'rl.dynamic',
      allowGuest: true,
      handler: () => 'ok',
      rateLimit: { limit: () => dynamicLimit.value, seconds: 60 },
    },
    {
      path: 'rl.post_only',
      allowGuest: true,
      methods: ['POST'],
      handler: () => 'ok',
      rateLimit: { limit: 1, seconds: 60 },
    },
    {
      path: 'rl.shared',
      allowGuest: true,
      handler: () => 'ok',
      rateLimit: { limit: 3, seconds: 60 },
    },
  ],
};

/** The site time budget's counter (µs used) of `siteName` in window number `window`, read from Redis. */
export async function siteBudgetUsed(
  siteName: string,
  windowSeconds: number,
  window: number,
): Promise<number> {
  const store = createLimiterStore({ redisUrl: REDIS_URL, failOpen: false, keyPrefix: siteName });
  try {
    const limiter = store.limiter({ name: 'site-budget', points: 1, duration: windowSeconds });
    return (await limiter.get(`counter-${window}`))?.consumed ?? 0;
  } finally {
    await store.close();
  }
}
