import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import cookie from '@fastify/cookie';
import { createLogger, type Logger } from './core/logger.js';
import { createAuthService, type AuthService } from './features/auth/auth-service.js';
import { BUILTIN_METHODS } from './features/methods/builtin-methods.js';
import { resendDelivery } from './features/webhooks/index.js';
import { frappeClientMethods } from './features/methods/frappe-client/index.js';
import { createMethodRegistry, type MethodRegistry } from './features/methods/registry.js';
import { USER_KEY_METHODS } from './features/methods/user-keys.js';
import type { Authenticator } from './http/authenticator.js';
import { registerAuthenticate } from './http/plugins/authenticate.js';
import { registerBodyParsers } from './http/plugins/body-parsers.js';
import { registerCors } from './http/plugins/cors.js';
import { registerCsrf } from './http/plugins/csrf.js';
import { frameworkErrorHandler, registerErrorHandler } from './http/plugins/error-handler.js';
import { registerRateLimit } from './http/plugins/rate-limit.js';
import { registerRequestLog } from './http/plugins/request-log.js';
import {
  DEFAULT_MAX_BODY,
  registerRequestContext,
  requestIdOf,
} from './http/plugins/request-context.js';
import { registerAuthRoutes } from './http/routes/auth.js';
import { registerOAuthLoginRoutes } from './http/routes/oauth-login.js';
import { registerOAuthRoutes, withOAuthClientPaths } from './http/routes/oauth.js';
import { registerOAuthCors } from './http/plugins/oauth-resource.js';
import { resolveBearer } from './features/oauth/resolve-bearer.js';
import { revokeAllTokens } from './features/oauth/revoke-all-method.js';
import { generateClientSecretMethod } from './features/oauth/client-secret-method.js';
import { registerHealthRoutes } from './http/routes/health.js';
import { registerMethodRoutes } from './http/routes/v1/method.js';
import { registerResourceRoutes } from './http/routes/v1/resource.js';
import { registerV2DoctypeRoutes } from './http/routes/v2/doctype.js';
import { registerV2DocumentRoutes } from './http/routes/v2/document.js';
import type { SitesOption } from './http/site-resolver.js';

/** What `buildApp` needs. */
export interface BuildAppOptions {
  /** Open sites, or a resolver that opens them by name. */
  readonly sites: SitesOption;
  /** Site used when neither `X-Frappe-Site-Name` nor Host names one (bench's default site). */
  readonly defaultSite?: string;
  /** Default: the redacting process logger at `info`. */
  readonly logger?: Logger;
  /** Sessions, login/logout and API keys. Default: a new service, closed with the app. */
  readonly auth?: AuthService;
  /** Replaces the auth service's request authentication (tests pick users by header). */
  readonly authenticate?: Authenticator;
  /** Whitelisted methods beyond the sites' apps. Default: the built-ins. */
  readonly methods?: MethodRegistry;
  /** Hard cap on any request body in bytes; sites' `max_file_size` is checked per request below it. */
  readonly bodyLimit?: number;
}

/**
 * Builds the HTTP application: Frappe's request pipeline (site → CORS → body
 * → authentication → CSRF → route), its envelopes and error bodies. Never
 * listens; `main.ts` does, tests use `inject`.
 *
 * @example
 * const app = await buildApp({ sites: [site] });
 * const res = await app.inject({ url: '/api/method/ping' }); // {"message":"pong"}
 */
export async function buildApp(options: BuildAppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    loggerInstance: (options.logger ?? createLogger()) as FastifyBaseLogger,
    // One safe line per request comes from our request-log plugin instead.
    logController: new LogController({ disableRequestLogging: true }),
    genReqId: requestIdOf,
    bodyLimit: options.bodyLimit ?? 4 * DEFAULT_MAX_BODY,
    routerOptions: { maxParamLength: 1000 },
    frameworkErrors: frameworkErrorHandler,
  });
  registerErrorHandler(app);
  registerRequestContext(app, options.sites, options.defaultSite);
  registerRequestLog(app);
  registerOAuthCors(app);
  registerCors(app);
  await app.register(cookie);
  await registerBodyParsers(app);
  const auth = options.auth ?? createAuthService({ bearer: resolveBearer });
  if (options.auth === undefined) app.addHook('onClose', () => auth.close());
  registerAuthenticate(app, withOAuthClientPaths(options.authenticate ?? auth.authenticate));
  registerCsrf(app);
  registerRateLimit(app);
  registerHealthRoutes(app);
  registerAuthRoutes(app, auth);
  registerOAuthRoutes(app, auth);
  registerOAuthLoginRoutes(app, auth);
  registerMethodRoutes(app, options.methods ?? defaultMethods());
  registerResourceRoutes(app);
  registerV2DocumentRoutes(app);
  registerV2DoctypeRoutes(app);
  return app;
}

function defaultMethods(): MethodRegistry {
  const registry = createMethodRegistry();
  registry.register(
    ...BUILTIN_METHODS,
    ...USER_KEY_METHODS,
    ...frappeClientMethods,
    resendDelivery,
    revokeAllTokens,
    generateClientSecretMethod,
  );
  return registry;
}
