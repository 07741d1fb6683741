import assert from 'node:assert/strict';
import parsePrometheusTextFormat from 'parse-prometheus-text-format';

/** One metric family of a scrape, parsed by a Prometheus text-format parser. */
export type MetricFamily = ReturnType<typeof parsePrometheusTextFormat>[number];

/**
 * Parses a `/metrics` page into its families, by name. The parser folds a
 * labelled histogram's series into one, so each histogram is also offered
 * series by series: without its `# TYPE` line its `_bucket`, `_sum` and
 * `_count` samples parse as families of their own, labels kept.
 */
export function parseScrape(text: string): Map<string, MetricFamily> {
  const typed = parsePrometheusTextFormat(text);
  const histograms = typed.filter((family) => family.type === 'HISTOGRAM').map((f) => f.name);
  const untyped = text
    .split('\n')
    .filter((line) => !histograms.some((name) => line === `# TYPE ${name} histogram`))
    .join('\n');
  const families = new Map<string, MetricFamily>();
  // Each series' `_bucket`, `_sum`, `_count` run parses as a family; runs of one name are merged.
  for (const family of parsePrometheusTextFormat(untyped)) {
    if (histograms.includes(family.name)) continue;
    const seen = families.get(family.name);
    families.set(
      family.name,
      seen === undefined ? family : { ...seen, metrics: [...seen.metrics, ...family.metrics] },
    );
  }
  for (const family of typed) families.set(family.name, family);
  return families;
}

/** The value of the one sample of `name` whose labels include `labels` (0 when there is none). */
export function sampleValue(
  families: Map<string, MetricFamily>,
  name: string,
  labels: Readonly<Record<string, string>>,
): number {
  const family = families.get(name);
  assert.ok(family, `no metric family ${name}`);
  const sample = family.metrics.find((metric) =>
    Object.entries(labels).every(([key, value]) => metric.labels?.[key] === value),
  );
  return sample === undefined ? 0 : Number(sample.value ?? sample.count);
}
