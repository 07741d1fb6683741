/** One sampling interval of a soak run. */
export interface SoakSample {
  readonly seconds: number;
  readonly rssMb: number;
  readonly heapMb: number;
  readonly lagP99Ms: number;
  readonly lagMaxMs: number;
  readonly rps: number;
  readonly errors: number;
  /** Background jobs waiting at the sample. */
  readonly jobsQueued: number;
}

export interface SoakRun {
  readonly dialect: string;
  readonly durationSeconds: number;
  readonly capacityRps: number;
  readonly targetRps: number;
  readonly requests: number;
  /** Non-2xx answers, socket errors and timeouts over the whole run. */
  readonly errors: number;
  /** What the errors were: one row per request and status (timeouts and socket errors apart). */
  readonly failures: readonly SoakFailure[];
  readonly webhooksReceived: number;
  readonly samples: readonly SoakSample[];
}

export interface SoakFailure {
  /** `METHOD path → status`, `timeouts` or `socket errors`. */
  readonly what: string;
  readonly count: number;
  /** The first such answer's body, cut short. */
  readonly body: string;
}

export interface SoakSummary extends SoakRun {
  /** Samples of the warm-up (the first fifth, at least one), left out of the RSS verdict. */
  readonly warmupSamples: number;
  /** Median RSS of the first and last third of the samples after warm-up. */
  readonly rssStartMb: number;
  readonly rssEndMb: number;
  /** (end − start) / start. */
  readonly rssGrowth: number;
  readonly rssFlat: boolean;
}

/** RSS may grow at most this much after warm-up. */
export const RSS_TOLERANCE = 0.1;

/**
 * The RSS verdict: medians of the first and last third of the post-warm-up
 * samples, so one garbage-collection peak does not decide it.
 */
export function analyseSoak(run: SoakRun): SoakSummary {
  const warmupSamples = Math.max(1, Math.floor(run.samples.length / 5));
  const steady = run.samples.slice(warmupSamples);
  const third = Math.max(1, Math.floor(steady.length / 3));
  const rssStartMb = median(steady.slice(0, third).map((s) => s.rssMb));
  const rssEndMb = median(steady.slice(-third).map((s) => s.rssMb));
  const rssGrowth = rssStartMb > 0 ? (rssEndMb - rssStartMb) / rssStartMb : 0;
  return {
    ...run,
    warmupSamples,
    rssStartMb,
    rssEndMb,
    rssGrowth,
    rssFlat: steady.length > 0 && rssGrowth <= RSS_TOLERANCE,
  };
}

function median(values: readonly number[]): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[middle] ?? 0)
    : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}

export function soakMarkdown(summary: SoakSummary): string {
  const percent = (value: number) => `${(value * 100).toFixed(1)} %`;
  const rows = summary.samples.map(
    (s) =>
      `| ${s.seconds} | ${s.rssMb.toFixed(1)} | ${s.heapMb.toFixed(1)} | ${s.lagP99Ms.toFixed(1)} | ${s.lagMaxMs.toFixed(0)} | ${s.rps.toFixed(0)} | ${s.errors} | ${s.jobsQueued} |`,
  );
  return [
    `# Soak: ${summary.dialect}, ${summary.durationSeconds} s`,
    '',
    `Capacity ${summary.capacityRps.toFixed(0)} req/s; driven at ${summary.targetRps} req/s. ` +
      `${summary.requests} requests, ${summary.errors} errors, ${summary.webhooksReceived} webhooks received.`,
    '',
    `RSS after warm-up (${summary.warmupSamples} samples left out): ${summary.rssStartMb.toFixed(1)} MB → ` +
      `${summary.rssEndMb.toFixed(1)} MB (${percent(summary.rssGrowth)}; ${summary.rssFlat ? 'flat' : 'NOT flat'} within ${percent(RSS_TOLERANCE)}).`,
    '',
    ...summary.failures.map(
      (f) => `- ${f.count} × ${f.what}${f.body === '' ? '' : `: ${f.body.replace(/\s+/g, ' ')}`}`,
    ),
    ...(summary.failures.length > 0 ? [''] : []),
    '| t (s) | RSS (MB) | heap (MB) | lag p99 (ms) | lag max (ms) | req/s | errors | jobs queued |',
    '| --- | --- | --- | --- | --- | --- | --- | --- |',
    ...rows,
    '',
  ].join('\n');
}
