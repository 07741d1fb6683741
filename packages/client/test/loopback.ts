import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

type Handler = (
  request: IncomingMessage,
  response: ServerResponse,
  index: number,
  body: string,
) => void;

/** A tiny HTTP server whose answers a test scripts, counting the requests it saw. */
export interface Loopback {
  readonly url: string;
  /** Requests received so far. */
  readonly requests: IncomingMessage[];
  /** Replaces the handler; it runs once the request body (`body`) has been read. */
  handle(handler: Handler): void;
  /** Resolves once `count` requests have arrived. */
  waitForRequests(count: number): Promise<void>;
  close(): Promise<void>;
}

/** Starts a loopback server on a free port of 127.0.0.1. */
export async function startLoopback(): Promise<Loopback> {
  const requests: IncomingMessage[] = [];
  let handler: Handler = (_q, s) => s.end('{}');
  const waiters: Array<{ count: number; resolve: () => void }> = [];
  const server = createServer((request, response) => {
    requests.push(request);
    const index = requests.length - 1;
    let body = '';
    request.setEncoding('utf8');
    request.on('data', (chunk: string) => (body += chunk));
    request.on('end', () => handler(request, response, index, body));
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
