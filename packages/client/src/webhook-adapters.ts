import {
  verifyWebhook,
  WebhookVerificationError,
  type VerifiedWebhook,
  type WebhookHeaders,
  type WebhookOptions,
} from './webhooks.js';

/*
 * Small adapters for three servers. They import nothing from them: the
 * shapes below are the few members used, so no framework is a dependency.
 * Each needs the raw body; each answers a failed check with 401 and
 * `{"error": "<reason>"}`.
 */

/** The parts of an Express request and response the adapter uses. */
export interface ExpressLike {
  readonly request: { body?: unknown; headers: WebhookHeaders; webhook?: VerifiedWebhook };
  readonly response: { status(code: number): { json(body: unknown): unknown } };
}

/**
 * Express middleware. Mount it after `express.raw({ type: '*\/*' })` so
 * `req.body` holds the bytes; the verified details go to `req.webhook`.
 *
 * @example
 * app.post('/hooks/erp', express.raw({ type: '*\/*' }), expressWebhook({ secret, scheme: 'cortado' }), handler);
 */
export function expressWebhook(options: WebhookOptions) {
  return (
    request: ExpressLike['request'],
    response: ExpressLike['response'],
    next: (error?: unknown) => void,
  ): void => {
    const body = request.body;
    if (!(body instanceof Uint8Array) && typeof body !== 'string') {
      response
        .status(400)
        .json({ error: 'raw body required: use express.raw() before this middleware' });
      return;
    }
    verifyWebhook(body, request.headers, options).then(
      (webhook) => {
        request.webhook = webhook;
        next();
      },
      (error: unknown) =>
        reject(error, (status, payload) => response.status(status).json(payload), next),
    );
  };
}

/** The parts of a Fastify instance the plugin uses. */
export interface FastifyLike {
  removeAllContentTypeParsers(): void;
  addContentTypeParser(
    type: string,
    options: { parseAs: 'buffer' },
    parser: (
      request: unknown,
      body: Uint8Array | string,
      done: (error: Error | null, body?: unknown) => void,
    ) => void,
  ): void;
  addHook(
    name: 'preHandler',
    hook: (
      request: { body?: unknown; headers: WebhookHeaders; webhook?: VerifiedWebhook },
      reply: { code(status: number): { send(payload: unknown): unknown } },
    ) => Promise<unknown>,
  ): void;
}

/**
 * A Fastify plugin: inside it, every body stays raw (bytes: a `Buffer`,
 * typed here as the `Uint8Array` it extends, so no Node types are needed)
 * and every route is verified before its handler runs; `request.webhook`
 * holds the details. Register it with the webhook routes inside.
 *
 * @example
 * app.register(async (scope) => {
 *   await fastifyWebhook({ secret, scheme: 'frappe' })(scope);
 *   scope.post('/hooks/erp', async (request) => JSON.parse(String(request.body)));
 * });
 */
export function fastifyWebhook(options: WebhookOptions) {
  return async (fastify: FastifyLike): Promise<void> => {
    // JSON must stay bytes too: the signature is over exactly what was sent.
    fastify.removeAllContentTypeParsers();
    fastify.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, body, done) =>
      done(null, body),
    );
    fastify.addHook('preHandler', async (request, reply) => {
      const body =
        request.body instanceof Uint8Array || typeof request.body === 'string' ? request.body : '';
      try {
        request.webhook = await verifyWebhook(body, request.headers, options);
      } catch (error) {
        return reject(error, (status, payload) => reply.code(status).send(payload));
      }
      return undefined;
    });
  };
}

/** The parts of a Hono context the middleware uses. */
export interface HonoLike {
  readonly req: { readonly raw: Request };
  set(key: 'webhook', value: VerifiedWebhook): void;
  json(body: unknown, status: 401): Response;
}

/**
 * Hono middleware (works the same for any server built on `Request`):
 * verifies a clone of the request, so the handler can still read the body;
 * `c.get('webhook')` holds the details.
 *
 * @example
 * app.post('/hooks/erp', honoWebhook({ secret, scheme: 'cortado' }), async (c) => c.json(await c.req.json()));
 */
export function honoWebhook(options: WebhookOptions) {
  return async (c: HonoLike, next: () => Promise<void>): Promise<Response | void> => {
    const raw = c.req.raw;
    try {
      c.set('webhook', await verifyWebhook(await raw.clone().arrayBuffer(), raw.headers, options));
    } catch (error) {
      if (error instanceof WebhookVerificationError) return c.json({ error: error.reason }, 401);
      throw error;
    }
    await next();
  };
}

function reject(
  error: unknown,
  answer: (status: number, payload: unknown) => unknown,
  pass?: (error: unknown) => void,
): unknown {
  if (error instanceof WebhookVerificationError) return answer(401, { error: error.reason });
  if (pass !== undefined) return pass(error);
  throw error;
}
