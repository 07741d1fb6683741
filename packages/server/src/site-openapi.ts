import { defaultMethods } from './app.js';
import { DoesNotExistError } from './core/errors/index.js';
import type { Site } from './engine/site.js';
import { withContext } from './engine/runtime/with-context.js';
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
      // Read directly: whether the user exists is not for the user's own permissions to decide.
      const row = await ctx.uow.db
        .selectFrom('tabUser')
        .select('name')
        .where('name', '=', user)
        .executeTakeFirst();
      if (row === undefined) throw new DoesNotExistError(`User ${user} not found`);
      return openApiDocument(ctx, defaultMethods(), scripts).document;
    },
    { readOnly: true },
  );
}
