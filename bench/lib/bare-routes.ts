import type { LoadRequest } from './load.js';

/** A bare Fastify route of the floor process: method and the fixed JSON it answers. */
export interface BareRoute {
  readonly method: LoadRequest['method'];
  readonly body: string;
}

/** Route id → route, handed to the floor process in this environment variable. */
export const BARE_ROUTES_ENV = 'BENCH_BARE_ROUTES';

export const barePath = (route: string) => `/bare/${route}`;

/**
 * Asks Cortado each request once and keeps its answer, so the bare routes
 * return byte for byte what Cortado returned. A write (the create) really
 * inserts one row.
 */
export async function captureBareRoutes(
  baseUrl: string,
  authorization: string,
  sources: Readonly<Record<string, LoadRequest>>,
): Promise<Record<string, BareRoute>> {
  const routes: Record<string, BareRoute> = {};
  for (const [route, request] of Object.entries(sources)) {
    const response = await fetch(`${baseUrl}${request.path}`, {
      method: request.method,
      headers: {
        authorization,
        ...(request.body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(request.body === undefined ? {} : { body: JSON.stringify(request.body) }),
    });
    const body = await response.text();
    if (!response.ok)
      throw new Error(
        `${request.method} ${request.path} answered ${response.status}: ${body.slice(0, 300)}`,
      );
    routes[route] = { method: request.method, body };
  }
  return routes;
}
