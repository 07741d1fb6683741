import multipart from '@fastify/multipart';
import type { FastifyInstance } from 'fastify';

/**
 * `multipart/form-data` bodies, left unread until a route asks for their
 * parts: `upload_file` streams its `file` part to disk with the site's size
 * limit, nothing is buffered. Field counts and sizes are capped here.
 */
export async function registerMultipart(app: FastifyInstance): Promise<void> {
  await app.register(multipart, {
    limits: { fields: 100, fieldSize: 1024 * 1024, parts: 110, files: 10, headerPairs: 200 },
  });
}
