import { ORDER } from '../reliability/reliability-app.js';

/** How long a writer told QueueOverloaded waits before its next write. */
const OVERLOAD_BACKOFF_MS = 250;

/** A write the server answered 200 for. */
export interface Ack {
  readonly kind: 'rest' | 'method';
  readonly name: string;
  readonly rows: number;
}

/** Closed-loop writers spread over every live `serve` process. */
export interface WriteLoad {
  readonly acks: Ack[];
  /** HTTP answers other than 200 (a bug: a killed process answers nothing at all). */
  readonly failures: string[];
  /** Requests cut off by a dying process: not acknowledged, so free to be lost. */
  readonly cutOff: () => number;
  /**
   * `place_order` calls refused with QueueOverloaded (503): the site's
   * back-pressure when jobs arrive faster than its workers run them, which
   * writes nothing. The writer backs off, as a client should.
   */
  readonly overloaded: () => number;
  /** 200 answers per process URL. */
  answeredBy(url: string): number;
  stop(): Promise<void>;
}

/**
 * Starts `clients` writers. Each sends, in turn, a REST insert of an order
 * with 1–3 child rows and `place_order` (order, rows and a job in one
 * request) to the next URL of `urls()` — read at every request, so a process
 * added or replaced joins the rotation at once.
 */
export function startWriteLoad(
  urls: () => readonly string[],
  token: string,
  clients = 4,
): WriteLoad {
  const acks: Ack[] = [];
  const failures: string[] = [];
  const answered = new Map<string, number>();
  let cutOff = 0;
  let overloaded = 0;
  let counter = 0;
  let stopped = false;

  async function writeOnce(): Promise<void> {
    const i = counter++;
    const live = urls();
    const url = live[i % live.length];
    if (url === undefined) return;
    const items = Array.from({ length: 1 + (i % 3) }, (_, row) => ({ item: `I-${row}`, qty: row }));
    const rest = i % 2 === 0;
    const path = rest
      ? `/api/resource/${encodeURIComponent(ORDER)}`
      : '/api/method/reliability_test.api.place_order';
    let response: Response;
    try {
      response = await fetch(url + path, {
        method: 'POST',
        headers: { Authorization: token, 'Content-Type': 'application/json' },
        body: JSON.stringify({ customer: `${rest ? 'rest' : 'method'}-${i}`, items }),
        signal: AbortSignal.timeout(60_000),
      });
    } catch {
      cutOff++;
      return;
    }
    const body = (await response.json().catch(() => ({}))) as {
      data?: { name: string };
      message?: string;
      exc_type?: string;
    };
    if (response.status === 503 && body.exc_type === 'QueueOverloaded') {
      overloaded++;
      await new Promise((resolve) => setTimeout(resolve, OVERLOAD_BACKOFF_MS));
      return;
    }
    if (response.status !== 200) {
      failures.push(`${url}${path}: ${response.status} ${JSON.stringify(body)}`);
      return;
    }
    const name = rest ? body.data?.name : body.message;
    acks.push({ kind: rest ? 'rest' : 'method', name: String(name), rows: items.length });
    answered.set(url, (answered.get(url) ?? 0) + 1);
  }

  async function client(): Promise<void> {
    while (!stopped) await writeOnce();
  }

  const running = Promise.all(Array.from({ length: clients }, client));
  return {
    acks,
    failures,
    cutOff: () => cutOff,
    overloaded: () => overloaded,
    answeredBy: (url) => answered.get(url) ?? 0,
    async stop() {
      stopped = true;
      await running;
    },
  };
}
