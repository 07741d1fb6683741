import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { waitFor } from '../helpers/wait-for.js';

/** One request the receiver saw. */
export interface Received {
  readonly method: string;
  readonly path: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: Buffer;
}

/** How the receiver answers a request: a status, or `hang` to never answer. */
export type Answer = number | 'hang';

/** A webhook receiver on loopback that records every request. */
export interface Receiver {
  readonly url: string;
  readonly requests: Received[];
  /** Answers to give, in order; afterwards 200. */
  answers: Answer[];
  waitFor(count: number, timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

export async function startReceiver(): Promise<Receiver> {
  const requests: Received[] = [];
  const hanging = new Set<() => void>();
  const receiver = { answers: [] as Answer[] };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      requests.push({
        method: req.method ?? '',
        path: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks),
      });
      const answer = receiver.answers.shift() ?? 200;
      if (answer === 'hang') {
        hanging.add(() => res.destroy());
        return;
      }
      res
        .writeHead(answer, { 'content-type': 'application/json' })
        .end(JSON.stringify({ ok: answer < 400 }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return Object.assign(receiver, {
    url: `http://127.0.0.1:${port}/hook`,
    requests,
    async waitFor(count: number, timeoutMs?: number) {
      await waitFor(
        () => `${count} requests (the receiver saw ${requests.length})`,
        () => requests.length >= count,
        { timeoutMs },
      );
    },
    async close() {
      for (const destroy of hanging) destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  });
}
