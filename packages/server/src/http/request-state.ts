import type { ServerMessage } from '@cortado/protocol';
import type { Site } from '../engine/site.js';
import type { LimiterStore } from '../platform/limiter/limiter-store.js';
import type { AuthResult } from './authenticator.js';

/**
 * What the pipeline learns about one request, kept on `request.cortado`.
 * Each plugin fills its part; handlers read it instead of re-deriving it.
 */
export interface RequestState {
  /** Resolved in `onRequest`; absent only while resolving or when the site is unknown. */
  site?: Site;
  /** Set by the authenticate step (preHandler). */
  auth?: AuthResult;
  /** Frappe's merged request arguments (`form_dict`, docs/spec/api-rest-rpc.md §2.1). */
  args?: Record<string, unknown>;
  /** Client address for IP-based limits and lockouts: the socket peer, or whom trusted proxies forwarded for. */
  clientIp?: string;
  /** The site's limiter store (rate limits, failed-login counters); set by the rate-limit step. */
  limiterStore?: LimiterStore;
  /** The `exc_type` of the error body this request was answered with (metrics). */
  excType?: string;
  /** The message log, shared with the engine through `ctx.messages`. */
  readonly messages: ServerMessage[];
  /** Query debug output, shared with the engine through `ctx.debugLog`. */
  readonly debugLog: string[];
}

/** Per-route flags read by the pipeline (Fastify route `config`). */
export interface RouteFlags {
  /** The route answers without resolving a site (liveness). */
  readonly siteless?: boolean;
  /**
   * Scopes, besides `all`, that let a Bearer token call the route. Matched
   * with the route, so a query string can never widen a token.
   */
  readonly bearerScopes?: readonly string[];
}

declare module 'fastify' {
  interface FastifyRequest {
    cortado: RequestState;
  }
  // Route `config` carries the pipeline's flags, typed where routes declare them.
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface FastifyContextConfig extends RouteFlags {}
}
