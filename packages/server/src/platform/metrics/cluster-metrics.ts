import cluster from 'node:cluster';
import { randomUUID } from 'node:crypto';
import { AggregatorRegistry, type Registry } from 'prom-client';

const ASK = 'cortado:metrics-request';
const ANSWER = 'cortado:metrics-response';

interface Ask {
  readonly type: typeof ASK;
  readonly id: string;
}
interface Answer {
  readonly type: typeof ANSWER;
  readonly id: string;
  readonly text?: string;
  readonly error?: string;
}

/**
 * In the cluster's primary process: answers a worker's request for the
 * whole cluster's metrics with prom-client's aggregation of every worker's
 * registry (counters and histograms summed, gauges by their `aggregator`).
 * Any worker may serve `/metrics`; it asks here. Returns a function that
 * stops answering.
 */
export function serveClusterMetrics(): () => void {
  const aggregator = new AggregatorRegistry();
  const onMessage = (worker: { send(message: Answer): unknown }, message: unknown): void => {
    if (!isAsk(message)) return;
    aggregator.clusterMetrics().then(
      (text) => worker.send({ type: ANSWER, id: message.id, text }),
      (error: unknown) =>
        worker.send({ type: ANSWER, id: message.id, error: (error as Error).message }),
    );
  };
  cluster.on('message', onMessage);
  return () => cluster.off('message', onMessage);
}

/**
 * In a cluster worker: offers `registry` to the primary's aggregation (the
 * AggregatorRegistry constructor is what makes prom-client answer the
 * primary's requests in a worker). Call once per worker process.
 */
export function joinClusterMetrics(registry: Registry): void {
  new AggregatorRegistry();
  AggregatorRegistry.setRegistries([registry]);
}

/** True when this process is a cluster worker that can ask its primary. */
export function inClusterWorker(): boolean {
  return cluster.isWorker && typeof process.send === 'function';
}

/** In a cluster worker: the whole cluster's metrics text, from the primary. */
export function clusterMetricsText(timeoutMs = 10_000): Promise<string> {
  const id = randomUUID();
  return new Promise((resolve, reject) => {
    const onMessage = (message: unknown): void => {
      if (!isAnswer(message) || message.id !== id) return;
      finish();
      if (message.text !== undefined) resolve(message.text);
      else reject(new Error(message.error ?? 'no metrics from the primary'));
    };
    const timer = setTimeout(() => {
      finish();
      reject(new Error('the cluster primary did not answer with metrics'));
    }, timeoutMs);
    function finish(): void {
      clearTimeout(timer);
      process.off('message', onMessage);
    }
    process.on('message', onMessage);
    process.send?.({ type: ASK, id } satisfies Ask);
  });
}

function isAsk(message: unknown): message is Ask {
  return (message as Ask | null)?.type === ASK && typeof (message as Ask).id === 'string';
}

function isAnswer(message: unknown): message is Answer {
  return (message as Answer | null)?.type === ANSWER && typeof (message as Answer).id === 'string';
}
