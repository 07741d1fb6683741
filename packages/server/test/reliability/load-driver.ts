/**
 * A small closed-loop HTTP load for the fault tests: a few clients send
 * requests back to back and every answer is classified, so a test can wait
 * for "n answers of this kind since this moment" instead of sleeping.
 */

/** One answered (or unanswered) request. */
export interface Outcome {
  readonly at: number;
  readonly status: number;
  /** `exc_type` of an error body, `''` for a success, `'hang'` / `'not-json'` for broken answers. */
  readonly kind: string;
}

export interface Load {
  readonly outcomes: Outcome[];
  /** How many outcomes since `from` satisfy `match`. */
  count(from: number, match: (outcome: Outcome) => boolean): number;
  stop(): Promise<void>;
}

/** A request slower than this counts as a hang. */
const HANG_MS = 30_000;

/** Runs `clients` loops of `request` until stopped. */
export function startLoad(clients: number, request: (i: number) => Promise<Response>): Load {
  const outcomes: Outcome[] = [];
  let running = true;
  let counter = 0;
  const loop = async () => {
    while (running) outcomes.push(await classify(request(counter++)));
  };
  const loops = Array.from({ length: clients }, loop);
  return {
    outcomes,
    count: (from, match) => outcomes.filter((o) => o.at >= from && match(o)).length,
    async stop() {
      running = false;
      await Promise.all(loops);
    },
  };
}

async function classify(pending: Promise<Response>): Promise<Outcome> {
  let timer: NodeJS.Timeout | undefined;
  const hang = new Promise<'hang'>(
    (resolve) => (timer = setTimeout(() => resolve('hang'), HANG_MS)),
  );
  try {
    const answer = await Promise.race([pending, hang]);
    if (answer === 'hang') return { at: performance.now(), status: 0, kind: 'hang' };
    const text = await answer.text();
    const at = performance.now();
    if (answer.status < 400) return { at, status: answer.status, kind: '' };
    try {
      const body = JSON.parse(text) as { exc_type?: string; errors?: { type?: string }[] };
      return {
        at,
        status: answer.status,
        kind: body.exc_type ?? body.errors?.[0]?.type ?? 'no-exc-type',
      };
    } catch {
      return { at, status: answer.status, kind: 'not-json' };
    }
  } catch (error) {
    return { at: performance.now(), status: 0, kind: `network: ${String(error)}` };
  } finally {
    clearTimeout(timer);
  }
}
