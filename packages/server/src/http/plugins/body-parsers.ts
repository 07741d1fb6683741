import type { FastifyBodyParser, FastifyInstance } from 'fastify';
import formbody from '@fastify/formbody';
import { requestArgs } from '../request-args.js';

/**
 * Body parsing as Frappe does it: JSON (incl. `application/*+json`) where an
 * empty body is allowed, url-encoded forms; then the merged args are computed
 * once per request (preValidation) for every later step.
 */
export async function registerBodyParsers(app: FastifyInstance): Promise<void> {
  const parseJson = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  const parser: FastifyBodyParser<string> = (request, body, done) => {
    // An empty JSON body is no body: Frappe then reads the query string.
    if (body.trim() === '') return done(null, undefined);
    parseJson(request, body, done);
  };
  app.addContentTypeParser('application/json', { parseAs: 'string' }, parser);
  app.addContentTypeParser(/^application\/[^/;]+\+json(;.*)?$/i, { parseAs: 'string' }, parser);
  await app.register(formbody);
  app.addHook('preValidation', async (request) => {
    if (request.cortado.site !== undefined) request.cortado.args = requestArgs(request);
  });
}
