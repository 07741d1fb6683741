import type { FastifyInstance, FastifyRequest } from 'fastify';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import { DoesNotExistError, PermissionError } from '../../core/errors/index.js';
import { openApiDocument, OPENAPI_VERSION } from '../../features/openapi/index.js';
import type { ApiScriptMethod, JsonSchema } from '../../features/openapi/index.js';
import type { MethodRegistry } from '../../features/methods/registry.js';
import { enabledApiScripts } from '../../features/server-scripts/index.js';
import { GUEST } from '../authenticator.js';
import { runForRequest } from '../resource-request.js';

const EXPLORER_PREFIX = '/api/docs';

/** The document each explorer request computed in its pre-handler, for `transformSpecification`. */
const documents = new WeakMap<FastifyRequest, JsonSchema>();

/**
 * `GET /api/openapi.json`: the site's OpenAPI 3.1 document as the caller
 * sees it; and `/api/docs`, the Swagger UI explorer serving that same
 * document (site config `api_docs`, Guests only with `api_docs_for_guests`).
 */
export async function registerOpenApiRoutes(
  app: FastifyInstance,
  methods: MethodRegistry,
): Promise<void> {
  app.get('/api/openapi.json', async (request, reply) => {
    const scripts = await apiScriptsOf(request);
    const text = await runForRequest(request, async (ctx) =>
      openApiDocument(ctx, methods, scripts).json(),
    );
    return reply.type('application/json; charset=utf-8').send(text);
  });
  await app.register(async (scope) => {
    // Static mode: @fastify/swagger scans no route; every request gets our own document.
    await scope.register(swagger, {
      mode: 'static',
      specification: {
        document: { openapi: OPENAPI_VERSION, info: { title: '', version: '' }, paths: {} },
      },
    });
    await scope.register(swaggerUi, {
      routePrefix: EXPLORER_PREFIX,
      uiConfig: { persistAuthorization: false, tryItOutEnabled: false },
      // Frappe's authorization-code flow takes PKCE (oauth.md); the explorer uses it.
      initOAuth: { usePkceWithAuthorizationCodeGrant: true, scopes: ['all', 'openid'] },
      uiHooks: {
        // After the app's own pre-handlers: the caller is known by then.
        preHandler: async (request) => {
          checkExplorerAccess(request);
          if (!/\/(json|yaml)$/.test(request.url.split('?')[0] ?? '')) return;
          const scripts = await apiScriptsOf(request);
          const { document } = await runForRequest(request, async (ctx) =>
            openApiDocument(ctx, methods, scripts),
          );
          documents.set(request, document);
        },
      },
      transformSpecification: (_placeholder, request) =>
        documents.get(request as FastifyRequest) ?? {},
      transformSpecificationClone: false,
    });
  });
}

/** The API Server Scripts answering on the request's site (none before a site is known: that errors later). */
function apiScriptsOf(request: FastifyRequest): Promise<readonly ApiScriptMethod[]> {
  const site = request.cortado.site;
  return site === undefined ? Promise.resolve([]) : enabledApiScripts(site);
}

/** Off unless `api_docs` allows; Guests only with `api_docs_for_guests` (the page shows nothing private, still). */
function checkExplorerAccess(request: FastifyRequest): void {
  const site = request.cortado.site;
  if (site === undefined) throw new DoesNotExistError('Site not found');
  if (site.config['api_docs'] === false)
    throw new DoesNotExistError('Not Found', { title: 'Not Found' });
  const user = request.cortado.auth?.user ?? GUEST.user;
  if (user === GUEST.user && site.config['api_docs_for_guests'] !== true)
    throw new PermissionError('Log in to open the API explorer', { title: 'Not Permitted' });
}
