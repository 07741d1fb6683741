import assert from 'node:assert/strict';
import { it } from 'node:test';
import Fastify from 'fastify';
import { lazySchemaCompilers } from '../../src/http/plugins/schema-compilers.js';

// The app loads Fastify's compilers only on first use (start-up-modules.test.ts
// checks they are not loaded); a route that declares schemas still gets them.
it('a route that declares schemas is validated and serialised by the lazily loaded compilers', async () => {
  const app = Fastify({ schemaController: { compilersFactory: lazySchemaCompilers() } });
  app.post(
    '/echo',
    {
      schema: {
        body: {
          type: 'object',
          required: ['qty'],
          properties: { qty: { type: 'integer' } },
        },
        response: { 200: { type: 'object', properties: { qty: { type: 'integer' } } } },
      },
    },
    async (request) => ({ ...(request.body as object), secret: 'not in the schema' }),
  );
  try {
    const ok = await app.inject({ method: 'POST', url: '/echo', payload: { qty: '3' } });
    assert.equal(ok.statusCode, 200);
    // Coerced by Ajv, and the field outside the response schema left out by the serialiser.
    assert.deepEqual(ok.json(), { qty: 3 });
    const bad = await app.inject({ method: 'POST', url: '/echo', payload: { qty: 'many' } });
    assert.equal(bad.statusCode, 400);
    assert.match(bad.json<{ message: string }>().message, /qty must be integer/);
  } finally {
    await app.close();
  }
});
