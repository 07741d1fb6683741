import autocannon from 'autocannon';

/** One HTTP request of a scenario. */
export interface LoadRequest {
  readonly method: 'GET' | 'POST' | 'PUT';
  /** Path and query. */
  readonly path: string;
  readonly body?: unknown;
  /** Replaces the run's headers for this request (e.g. a different `Authorization`). */
  readonly headers?: Readonly<Record<string, string>>;
}

/** What one timed run measured. */
export interface LoadResult {
  readonly rps: number;
  /** Latency percentiles in milliseconds. */
  readonly p50: number;
  readonly p99: number;
  /** Responses outside 2xx plus socket errors and timeouts. */
  readonly failures: number;
  /** Status and start of the first failed response's body, to say why. */
  readonly firstFailure?: string;
}

export interface LoadOptions {
  readonly baseUrl: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly connections: number;
  readonly seconds: number;
}

/**
 * Drives `requests` over loopback with autocannon for `seconds`; each
 * connection cycles through the list, so a list of four reads and one write
 * is an 80/20 mix.
 */
export async function runLoad(
  requests: readonly LoadRequest[],
  options: LoadOptions,
): Promise<LoadResult> {
  let firstFailure: string | undefined;
  const onResponse = (status: number, body: string) => {
    if (status >= 300) firstFailure ??= `${status} ${body.slice(0, 200)}`;
  };
  const result = await autocannon({
    url: options.baseUrl,
    connections: options.connections,
    duration: options.seconds,
    requests: requests.map((request) => ({
      method: request.method,
      path: request.path,
      headers: {
        ...options.headers,
        ...request.headers,
        ...(request.body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(request.body === undefined ? {} : { body: JSON.stringify(request.body) }),
      onResponse,
    })),
  });
  return {
    rps: result.requests.total / result.duration,
    p50: result.latency.p50,
    p99: result.latency.p99,
    failures: result.non2xx + result.errors + result.timeouts,
    ...(firstFailure === undefined ? {} : { firstFailure }),
  };
}
