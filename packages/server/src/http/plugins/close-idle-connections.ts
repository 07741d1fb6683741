import type { FastifyInstance } from 'fastify';

/** How often a closing server looks for connections that have gone idle. */
const SWEEP_MS = 100;

/**
 * Node's `server.close()` closes the connections idle at that moment only. A
 * response still being written then was sent with keep-alive, so its
 * connection stays open after it ends, and the close waits out the keep-alive
 * timeout (72 s in Fastify). While the server closes, connections that have
 * gone idle are closed as they appear. A drain that wants idle connections
 * kept for a grace period replaces `closeIdleConnections` for that time.
 */
export function registerCloseIdleConnections(app: FastifyInstance): void {
  let sweep: NodeJS.Timeout | undefined;
  app.addHook('preClose', async () => {
    sweep = setInterval(() => app.server.closeIdleConnections(), SWEEP_MS);
    sweep.unref();
  });
  app.addHook('onClose', async () => clearInterval(sweep));
}
