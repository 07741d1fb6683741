import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { TooManyRequestsError } from '../../core/errors/index.js';
import type { WhitelistedMethod } from '../../engine/runtime/app-definition.js';
import type { Context } from '../../engine/context.js';
import type { Site } from '../../engine/site.js';
import {
  resolveClientIp,
  trustedProxiesFrom,
  type TrustedProxies,
} from '../../features/rate-limit/client-ip.js';
import {
  consumeIdentityLimit,
  identityLimitHeaders,
  type IdentityLimitResult,
  type RequestCountConfig,
} from '../../features/rate-limit/identity-limits.js';
import {
  enforceMethodRateLimit,
  MethodRateLimitExceeded,
  methodRateLimitOf,
} from '../../features/rate-limit/method-limit.js';
import {
  checkSiteBudget,
  siteBudgetHeaders,
  type SiteBudgetCheck,
  type SiteBudgetConfig,
} from '../../features/rate-limit/site-budget.js';
import { createLimiterStore } from '../../platform/limiter/create-limiter-store.js';
import type { LimiterStore } from '../../platform/limiter/limiter-store.js';
import { GUEST } from '../authenticator.js';

interface SiteLimits {
  readonly store: LimiterStore;
  readonly proxies: TrustedProxies;
}

/** What the limiter learnt about one request, between its hooks. */
interface RequestLimits {
  readonly startedAt: bigint;
  budget?: SiteBudgetCheck;
  readonly buckets: IdentityLimitResult[];
}

const perRequest = new WeakMap<FastifyRequest, RequestLimits>();

/**
 * The rate-limit step: resolves the client IP (trusted proxies only), applies
 * the site's time budget (Frappe's `rate_limit`, `X-RateLimit-*`) and the
 * optional per-IP and per-user request buckets (`RateLimit*` headers) before
 * authentication, and records each request's duration once it is sent.
 * Register after authentication (its per-user bucket reads the user) and
 * before the routes. `now` is the clock the time budget's window is read from.
 */
export function registerRateLimit(app: FastifyInstance, now: () => number = Date.now): void {
  const sites = new Map<Site, SiteLimits>();
  const limitsOf = (site: Site): SiteLimits => {
    let limits = sites.get(site);
    if (!limits) {
      limits = openSiteLimits(site, (error) =>
        app.log.warn({ err: error }, 'rate-limit store unavailable'),
      );
      sites.set(site, limits);
    }
    return limits;
  };
  app.addHook('onRequest', async (request, reply) => {
    const site = request.cortado.site;
    if (site === undefined) return;
    const { store, proxies } = limitsOf(site);
    request.cortado.clientIp = resolveClientIp(
      request.socket.remoteAddress,
      request.headers['x-forwarded-for'],
      proxies,
    );
    request.cortado.limiterStore = store;
    const {
      rate_limit: budget,
      rate_limit_per_ip: perIp,
      rate_limit_per_user: perUser,
    } = site.config;
    // Most sites set no request limits: nothing to count, time or answer with headers.
    if (!budget && !perIp && !perUser) return;
    const state: RequestLimits = { startedAt: process.hrtime.bigint(), buckets: [] };
    perRequest.set(request, state);
    if (budget) state.budget = await checkSiteBudget(store, budget as SiteBudgetConfig, now());
    if (perIp) {
      const limit = perIp as RequestCountConfig;
      state.buckets.push(await consumeIdentityLimit(store, 'ip', limit, request.cortado.clientIp));
    }
    return rejectIfOver(request, reply, state);
  });
  app.addHook('preHandler', async (request, reply) => {
    const { site, auth = GUEST, limiterStore } = request.cortado;
    const state = perRequest.get(request);
    const perUser = site?.config['rate_limit_per_user'] as RequestCountConfig | null | undefined;
    if (!state || !perUser || !limiterStore || auth.user === GUEST.user) return;
    state.buckets.push(await consumeIdentityLimit(limiterStore, 'user', perUser, auth.user));
    return rejectIfOver(request, reply, state);
  });
  app.addHook('onError', async (_request, reply, error) => {
    if (error instanceof MethodRateLimitExceeded) reply.headers(error.headers);
  });
  app.addHook('onSend', async (request, reply) => {
    const state = perRequest.get(request);
    if (!state) return;
    reply.headers(identityLimitHeaders(state.buckets));
    if (state.budget) {
      reply.headers(siteBudgetHeaders(state.budget));
      if (!state.budget.rejected) reply.header('x-ratelimit-used', String(elapsedUs(state)));
    }
  });
  app.addHook('onResponse', async (request) => {
    const state = perRequest.get(request);
    await state?.budget?.record(elapsedUs(state));
  });
  app.addHook('onClose', async () => {
    await Promise.all([...sites.values()].map((limits) => limits.store.close()));
  });
}

function openSiteLimits(site: Site, onError: (error: unknown) => void): SiteLimits {
  const config = site.config;
  const store = createLimiterStore({
    redisUrl: config.redis_cache,
    failOpen: config['rate_limit_fail_open'] !== false,
    keyPrefix: site.name,
    onError,
  });
  return {
    store,
    proxies: trustedProxiesFrom((config['trusted_proxies'] as string[] | undefined) ?? []),
  };
}

function elapsedUs(state: RequestLimits): number {
  return Number((process.hrtime.bigint() - state.startedAt) / 1000n);
}

/**
 * Refuses an over-limit request: Frappe's JSON error for API clients, the
 * bare text `Too Many Requests` for pages (docs/spec/rate-limiting.md §1.6).
 */
function rejectIfOver(
  request: FastifyRequest,
  reply: FastifyReply,
  state: RequestLimits,
): FastifyReply | undefined {
  if (!state.budget?.rejected && !state.buckets.some((bucket) => bucket.exceeded)) return undefined;
  const accept = request.headers.accept ?? '';
  const wantsJson =
    (request.url.startsWith('/api/') && !accept.startsWith('text')) ||
    accept.includes('application/json');
  if (wantsJson) throw new TooManyRequestsError('');
  return reply.code(429).type('text/plain; charset=utf-8').send('Too Many Requests');
}

/**
 * Frappe's `@rate_limit` for one whitelisted-method call: the method's own
 * limit or the built-in one for its path. Call inside the method's unit of
 * work, after the whitelist checks.
 */
export async function applyMethodRateLimit(
  request: FastifyRequest,
  method: WhitelistedMethod,
  ctx: Context,
): Promise<void> {
  const rule = methodRateLimitOf(method);
  const { limiterStore, clientIp, args = {} } = request.cortado;
  if (rule === undefined || limiterStore === undefined) return;
  await enforceMethodRateLimit(limiterStore, rule, {
    path: method.path,
    verb: request.method.toUpperCase(),
    clientIp: clientIp ?? request.ip,
    args,
    ctx,
  });
}
