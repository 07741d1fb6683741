import { RateLimitExceededError, ValidationError } from '../../core/errors/index.js';
import type { MethodRateLimit, WhitelistedMethod } from '../../engine/runtime/app-definition.js';
import type { Context } from '../../engine/context.js';
import type { LimiterStore } from '../../platform/limiter/limiter-store.js';
import { readAuthSettings } from '../auth/auth-settings.js';

const EXCEEDED_MESSAGE =
  'You hit the rate limit because of too many requests. Please try after sometime.';

/** System Settings `rate_limit_email_link_login` (default 5), read on every call as Frappe does. */
async function emailLinkLimit(ctx: Context): Promise<number> {
  return (await readAuthSettings(ctx.uow.db)).rateLimitEmailLinkLogin;
}

/**
 * Frappe's built-in `@rate_limit` decorations, with Frappe's default numbers
 * (docs/spec/rate-limiting.md §3); the numbers come from System Settings per call.
 * A method's own `rateLimit` wins over these.
 */
export const BUILTIN_METHOD_RATE_LIMITS: Readonly<Record<string, MethodRateLimit>> = {
  'frappe.core.doctype.user.user.reset_password': {
    limit: async (ctx) => (await readAuthSettings(ctx.uow.db)).passwordResetLimit,
    seconds: 3600,
    methods: ['POST'],
  },
  'frappe.www.login.send_login_link': { limit: emailLinkLimit, seconds: 3600 },
  'frappe.www.login.login_via_key': { limit: emailLinkLimit, seconds: 3600, methods: ['GET'] },
};

/** The limit that applies to a method, if any. */
export function methodRateLimitOf(method: WhitelistedMethod): MethodRateLimit | undefined {
  return method.rateLimit ?? BUILTIN_METHOD_RATE_LIMITS[method.path];
}

/** One call of a rate-limited method, as the decorator sees it. */
export interface MethodCall {
  readonly path: string;
  /** HTTP verb, upper case. */
  readonly verb: string;
  readonly clientIp: string;
  readonly args: Readonly<Record<string, unknown>>;
  readonly ctx: Context;
}

/** `<ip>:<arg>`, `<ip>` or `<arg>`, as Frappe builds it; empty when neither applies. */
function identityOf(rule: MethodRateLimit, call: MethodCall): string {
  // Frappe's `ip_based` defaults to true whether or not `key` is given (RV-19).
  const ip = rule.ipBased === false ? '' : call.clientIp;
  const raw = rule.key === undefined ? undefined : call.args[rule.key];
  const value = raw === undefined || raw === null ? '' : String(raw);
  if (rule.key !== undefined && ip) return `${ip}:${value}`;
  return ip || value;
}

/**
 * Thrown for the (limit+1)-th call of a window. Carries the extra headers we
 * add beyond Frappe (B-R3), in request units under their own names so they
 * cannot be mistaken for the site budget's microsecond headers.
 */
export class MethodRateLimitExceeded extends RateLimitExceededError {
  readonly headers: Readonly<Record<string, string>>;

  constructor(headers: Record<string, string>) {
    super(EXCEEDED_MESSAGE);
    this.headers = headers;
  }
}

/**
 * Frappe's `@rate_limit` decorator: counts the call in a fixed window started
 * by the first call, and refuses once the count exceeds the limit. Refused
 * calls are counted too (Frappe's behaviour). The counter is keyed on the
 * method's dotted path, so v1 and v2 calls share it (B-R6).
 */
export async function enforceMethodRateLimit(
  store: LimiterStore,
  rule: MethodRateLimit,
  call: MethodCall,
): Promise<void> {
  if (rule.methods !== undefined && !rule.methods.some((verb) => verb === call.verb)) return;
  const limit = typeof rule.limit === 'function' ? await rule.limit(call.ctx) : rule.limit;
  const identity = identityOf(rule, call);
  if (identity === '') throw new ValidationError('Either key or IP flag is required.');
  const limiter = store.limiter({
    name: `method:${call.path}`,
    points: limit,
    duration: rule.seconds,
  });
  const result = await limiter.consume(identity);
  if (!result.exceeded) return;
  const reset = String(Math.max(1, Math.ceil(result.msBeforeNext / 1000)));
  throw new MethodRateLimitExceeded({
    'retry-after': reset,
    'x-endpoint-ratelimit-limit': String(limit),
    'x-endpoint-ratelimit-remaining': '0',
    'x-endpoint-ratelimit-reset': reset,
  });
}
