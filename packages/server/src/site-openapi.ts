import { defaultMethods } from './app.js';
import type { Site } from './engine/site.js';
import { withContext } from './engine/runtime/with-context.js';
import { assertUserExists } from './features/auth/user-record.js';
import { openApiDocument, type JsonSchema } from './features/openapi/index.js';
import { enabledApiScripts } from './features/server-scripts/index.js';

/**
 * The OpenAPI document `GET /api/openapi.json` answers `user` on `site`
 * (default Administrator: everything), for `cortado openapi`, CI and API
 * gateways. An unknown user is an error, never a quietly emptier document.
 *
 * @example
 * const document = await siteOpenApiDocument(site, 'Guest');
 */
export async function siteOpenApiDocument(site: Site, user = 'Administrator'): Promise<JsonSchema> {
  const scripts = await enabledApiScripts(site);
  return withContext(
    site,
    user,
    async (ctx) => {
      await assertUserExists(ctx.uow.db, user);
      return openApiDocument(ctx, defaultMethods(), scripts).document;
    },
    { readOnly: true },
  );
}
