import type { RateLimiterAbstract, RateLimiterRes } from 'rate-limiter-flexible';
import type { Limiter, LimiterResult, LimiterSpec, LimiterStoreOptions } from './limiter-store.js';

/** How long a fail-closed answer asks the client to wait. */
const UNAVAILABLE_RETRY_MS = 1000;

function fromRes(res: RateLimiterRes, spec: LimiterSpec): LimiterResult {
  return {
    consumed: res.consumedPoints,
    remaining: Math.max(spec.points - res.consumedPoints, 0),
    msBeforeNext: Math.max(res.msBeforeNext, 0),
    exceeded: res.consumedPoints > spec.points,
    unavailable: false,
  };
}

function unavailableResult(spec: LimiterSpec, failOpen: boolean): LimiterResult {
  return failOpen
    ? { consumed: 0, remaining: spec.points, msBeforeNext: 0, exceeded: false, unavailable: true }
    : {
        consumed: spec.points + 1,
        remaining: 0,
        msBeforeNext: UNAVAILABLE_RETRY_MS,
        exceeded: true,
        unavailable: true,
      };
}

/**
 * Adapts an unbounded rate-limiter-flexible limiter to `Limiter`: the spec's
 * points decide `exceeded`, and a store error becomes the `failOpen` answer.
 * `inner` is asked for only after `ready`, as a Redis limiter needs its client.
 */
export function wrapLimiter(
  inner: () => RateLimiterAbstract,
  spec: LimiterSpec,
  options: LimiterStoreOptions,
  ready: () => Promise<void>,
): Limiter {
  const onFailure = (error: unknown): LimiterResult => {
    options.onError?.(error);
    return unavailableResult(spec, options.failOpen);
  };
  return {
    async consume(key, points = 1) {
      try {
        await ready();
        return fromRes(await inner().consume(key, points), spec);
      } catch (error) {
        return onFailure(error);
      }
    },
    async get(key) {
      try {
        await ready();
        const res = await inner().get(key);
        return res === null ? null : fromRes(res, spec);
      } catch (error) {
        const result = onFailure(error);
        return result.exceeded ? result : null;
      }
    },
    async reset(key) {
      try {
        await ready();
        await inner().delete(key);
      } catch (error) {
        options.onError?.(error);
      }
    },
  };
}
