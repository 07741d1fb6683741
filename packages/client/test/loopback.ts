import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A tiny HTTP server whose answers a test scripts, counting the requests it saw. */
export interface Loopback {
  readonly url: string;
  /** Requests received so far. */
  readonly requests: IncomingMessage[];
  /** Replaces the handler. */
  handle(
    handler: (request: IncomingMessage, response: ServerResponse, index: number) => void,
  ): void;
  /** Resolves once `count` requests have arrived. */
  waitForRequests(count: number): Promise<void>;
  close(): Promise<void>;
}

/** Starts a loopback server on a free port of 127.0.0.1. */
export async function startLoopback(): Promise<Loopback> {
  const requests: IncomingMessage[] = [];
  let handler: (request: IncomingMessage, response: ServerResponse, index: number) => void = (
    _q,
    s,
  ) => s.end('{}');
  const waiters: Array<{ count: number; resolve: () => void }> = [];
  const server = createServer((request, response) => {
    requests.push(request);
    request.resume();
    handler(request, response, requests.length - 1);
    for (const waiter of waiters.filter((w) => requests.length >= w.count)) {
      waiters.splice(waiters.indexOf(waiter), 1);
      waiter.resolve();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    handle(next) {
      handler = next;
      requests.length = 0;
    },
    waitForRequests(count) {
      if (requests.length >= count) return Promise.resolve();
      return new Promise((resolve) => waiters.push({ count, resolve }));
    },
    close() {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

/** Answers `status` with a JSON body and extra headers. */
export function json(
  response: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  response.writeHead(status, { 'Content-Type': 'application/json', ...headers });
  response.end(JSON.stringify(body));
}
