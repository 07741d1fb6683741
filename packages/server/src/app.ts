import { randomUUID } from 'node:crypto';
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import cookie from '@fastify/cookie';
import { createLogger, type Logger } from './core/logger.js';
import { DEFAULT_MAX_FILE_SIZE } from './core/config/defaults.js';
import { createAuthService, type AuthService } from './features/auth/auth-service.js';
import { BUILTIN_METHODS } from './features/methods/builtin-methods.js';
import { resendDelivery } from './features/webhooks/index.js';
import { jobMethods, rqJobMethods } from './features/jobs/index.js';
import { registerRealtime } from './http/realtime.js';
import { frappeClientMethods } from './features/methods/frappe-client/index.js';
import { CLIENT_EXTRA_METHODS } from './features/methods/desk/client-extras.js';
import { REPORTVIEW_METHODS } from './features/methods/desk/reportview.js';
import { DESK_FORM_METHODS } from './features/methods/desk/index.js';
import { createMethodRegistry, type MethodRegistry } from './features/methods/registry.js';
import { USER_KEY_METHODS } from './features/methods/user-keys.js';
import { TWO_FACTOR_METHODS } from './features/methods/two-factor-methods.js';
import { PASSWORD_METHODS } from './features/methods/password-methods.js';
import { DEFAULTS_METHODS } from './features/methods/defaults-methods.js';
import { LOGIN_LINK_METHODS } from './features/methods/login-link-methods.js';
import { SHARE_METHODS } from './features/sharing/share-methods.js';
import { PERMISSION_MANAGER_METHODS } from './features/permission-manager/permission-manager-methods.js';
import type { Authenticator } from './http/authenticator.js';
import { registerAuthenticate } from './http/plugins/authenticate.js';
import { registerBodyParsers } from './http/plugins/body-parsers.js';
import { registerCors } from './http/plugins/cors.js';
import { registerCsrf } from './http/plugins/csrf.js';
import { clientErrorHandler } from './http/client-errors.js';
import { registerMultipart } from './http/plugins/multipart.js';
import { frameworkErrorHandler, registerErrorHandler } from './http/plugins/error-handler.js';
import { registerRateLimit } from './http/plugins/rate-limit.js';
import { registerRequestLog } from './http/plugins/request-log.js';
import { registerMetrics, type MetricsAccess } from './http/plugins/metrics.js';
import { registerTracing } from './http/plugins/tracing.js';
import { lazySchemaCompilers } from './http/plugins/schema-compilers.js';
import { registerCloseIdleConnections } from './http/plugins/close-idle-connections.js';
import { registerRequestContext, requestIdOf } from './http/plugins/request-context.js';
import { registerAuthRoutes } from './http/routes/auth.js';
import { registerFileRoutes } from './http/routes/files.js';
import { registerOAuthLoginRoutes } from './http/routes/oauth-login.js';
import { registerOAuthRoutes, withOAuthClientPaths } from './http/routes/oauth.js';
import { registerOAuthCors } from './http/plugins/oauth-resource.js';
import { resolveBearer } from './features/oauth/resolve-bearer.js';
import { revokeAllTokens } from './features/oauth/revoke-all-method.js';
import { generateClientSecretMethod } from './features/oauth/client-secret-method.js';
import { closeScriptPool } from './features/server-scripts/index.js';
import { registerHealthRoutes } from './http/routes/health.js';
import { registerLegacyCmdRoute } from './http/routes/legacy-cmd.js';
import { registerRunDocMethodRoutes } from './http/routes/run-doc-method.js';
import { registerUploadRoutes } from './http/routes/upload.js';
import { registerResumableUploadRoutes } from './http/routes/resumable-upload.js';
import { registerMethodRoutes } from './http/routes/v1/method.js';
import { registerResourceRoutes } from './http/routes/v1/resource.js';
import { registerV2DoctypeRoutes } from './http/routes/v2/doctype.js';
import { registerV2DocumentRoutes } from './http/routes/v2/document.js';
import type { SitesOption } from './http/site-resolver.js';
import { registerOpenApiRoutes } from './http/routes/openapi.js';
import { registerUpdatePasswordRoutes } from './http/routes/update-password.js';
import { registerDeskRoutes, type DeskOptions } from './http/routes/desk.js';

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
  /** The wall clock (ms since the epoch) the site time budget reads its window from; tests inject one. */
  readonly now?: () => number;
  /** Serve Frappe's socket.io realtime channel at `/socket.io` (default off; `startServer` turns it on). */
  readonly realtime?: { readonly redisUrl?: string | null };
  /** Serve the Desk's built files at `/app` (the CLI passes `apps/desk`'s build). */
  readonly desk?: DeskOptions;
  /** Who may read `/metrics` (default: direct connections from this machine). */
  readonly metrics?: MetricsAccess;
  /** Use a sane incoming `X-Request-ID` as the request id (default true; common config `trust_request_id`). */
  readonly trustRequestId?: boolean;
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
    genReqId: options.trustRequestId === false ? () => randomUUID() : requestIdOf,
    bodyLimit: options.bodyLimit ?? 4 * DEFAULT_MAX_FILE_SIZE,
    routerOptions: { maxParamLength: 1000 },
    frameworkErrors: frameworkErrorHandler,
    clientErrorHandler,
    // While a process drains (SIGTERM, a cluster reload), a request arriving
    // on a kept-alive connection is still served, with `Connection: close`
    // so the client's next request opens a connection to a live process;
    // Fastify's default would answer it 503 without running it.
    return503OnClosing: false,
    schemaController: { compilersFactory: lazySchemaCompilers() },
  });
  registerCloseIdleConnections(app);
  await registerTracing(app);
  registerErrorHandler(app);
  registerRequestContext(app, options.sites, options.defaultSite);
  registerRequestLog(app);
  registerMetrics(app, options.metrics);
  registerOAuthCors(app);
  registerCors(app);
  await app.register(cookie);
  await registerBodyParsers(app);
  await registerMultipart(app);
  const auth = options.auth ?? createAuthService({ bearer: resolveBearer });
  if (options.auth === undefined) app.addHook('onClose', () => auth.close());
  registerAuthenticate(app, withOAuthClientPaths(options.authenticate ?? auth.authenticate));
  if (options.realtime !== undefined)
    await registerRealtime(app, {
      sites: options.sites,
      ...(options.defaultSite === undefined ? {} : { defaultSite: options.defaultSite }),
      authenticate: options.authenticate ?? auth.authenticate,
      redisUrl: options.realtime.redisUrl ?? null,
    });
  registerCsrf(app);
  registerRateLimit(app, options.now);
  registerHealthRoutes(app);
  registerAuthRoutes(app, auth);
  registerOAuthRoutes(app, auth);
  registerOAuthLoginRoutes(app, auth);
  registerResumableUploadRoutes(app);
  registerFileRoutes(app);
  const methods = options.methods ?? defaultMethods();
  registerUploadRoutes(app, methods);
  registerMethodRoutes(app, methods);
  registerLegacyCmdRoute(app, auth, methods);
  registerRunDocMethodRoutes(app);
  registerResourceRoutes(app);
  registerV2DocumentRoutes(app);
  registerV2DoctypeRoutes(app);
  await registerOpenApiRoutes(app, methods);
  registerUpdatePasswordRoutes(app);
  if (options.desk !== undefined) registerDeskRoutes(app, options.desk);
  app.addHook('onClose', () => closeScriptPool());
  return app;
}

/** The whitelisted methods every app serves: the built-ins, `frappe.client.*` and the feature methods. */
export function defaultMethods(): MethodRegistry {
  const registry = createMethodRegistry();
  registry.register(
    ...BUILTIN_METHODS,
    ...USER_KEY_METHODS,
    ...TWO_FACTOR_METHODS,
    ...PASSWORD_METHODS,
    ...DEFAULTS_METHODS,
    ...SHARE_METHODS,
    ...PERMISSION_MANAGER_METHODS,
    ...frappeClientMethods,
    ...REPORTVIEW_METHODS,
    ...CLIENT_EXTRA_METHODS,
    resendDelivery,
    revokeAllTokens,
    generateClientSecretMethod,
    ...jobMethods,
    ...LOGIN_LINK_METHODS,
    ...rqJobMethods,
    ...DESK_FORM_METHODS,
  );
  return registry;
}
