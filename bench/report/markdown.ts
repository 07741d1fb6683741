import type { MemoryResult, ScenarioResult } from '../lib/http-bench.js';
import type { Spread } from '../lib/stats.js';

const MB = 1024 * 1024;

function fmt(value: number, digits = 0): string {
  return Number.isFinite(value) ? value.toFixed(digits) : '–';
}

function withRange(s: Spread, digits = 0): string {
  return `${fmt(s.median, digits)} (${fmt(s.min, digits)}–${fmt(s.max, digits)})`;
}

/** Cortado req/s over the req/s of floor scenario `id` (same dialect and size), medians of the same run. */
function ratioTo(
  result: ScenarioResult,
  id: string | undefined,
  all: readonly ScenarioResult[],
): number | undefined {
  const floor = all.find(
    (r) => r.id === id && r.dialect === result.dialect && r.rows === result.rows,
  );
  return floor === undefined ? undefined : result.rps.median / floor.rps.median;
}

/** Cortado req/s over its hand-written Fastify + driver floor's. */
const floorRatio = (result: ScenarioResult, all: readonly ScenarioResult[]) =>
  ratioTo(result, result.floor, all);

const percent = (ratio: number | undefined) =>
  ratio === undefined ? '' : `${(ratio * 100).toFixed(0)}%`;

function scenarioTable(results: readonly ScenarioResult[]): string[] {
  const lines = [
    '| DB | rows | scenario | req/s median (min–max) | p50 ms (min–max) | p99 ms (min–max) | × bare | × driver | load avg | failures |',
    '|---|---:|---|---:|---:|---:|---:|---:|---:|---:|',
  ];
  for (const r of results) {
    const ratios = `${percent(ratioTo(r, r.bare, results))} | ${percent(floorRatio(r, results))}`;
    lines.push(
      `| ${r.dialect} | ${r.rows} | ${r.title} | ${withRange(r.rps)} | ${withRange(r.p50, 1)} | ${withRange(r.p99, 1)} | ${ratios} | ${fmt(r.load.median, 1)} | ${r.failures} |`,
    );
  }
  return lines;
}

/** Cortado's scenarios with one column per dialect: req/s (× driver), p50 / p99 ms. */
function dialectTable(results: readonly ScenarioResult[]): string[] {
  const dialects = [...new Set(results.map((r) => r.dialect))];
  const lines = [
    `| rows | scenario | ${dialects.map((d) => `${d} req/s (× driver), p50 / p99 ms`).join(' | ')} |`,
    `|---:|---|${dialects.map(() => '---:').join('|')}|`,
  ];
  const keys = new Map<string, ScenarioResult>();
  for (const r of results) if (r.target === 'cortado') keys.set(`${r.rows}\u0000${r.id}`, r);
  for (const first of keys.values()) {
    const cells = dialects.map((dialect) => {
      const r = results.find(
        (x) => x.dialect === dialect && x.rows === first.rows && x.id === first.id,
      );
      if (r === undefined) return '';
      const ratio = floorRatio(r, results);
      return `${fmt(r.rps.median)}${ratio === undefined ? '' : ` (${ratio.toFixed(2)})`}, ${fmt(r.p50.median, 1)} / ${fmt(r.p99.median, 1)}`;
    });
    lines.push(`| ${first.rows} | ${first.title} | ${cells.join(' | ')} |`);
  }
  return lines;
}

function memoryTable(memory: readonly MemoryResult[]): string[] {
  const lines = [
    '| DB | idle MB | after warm-up MB | after run MB | run / warm-up | peak MB |',
    '|---|---:|---:|---:|---:|---:|',
  ];
  for (const m of memory) {
    lines.push(
      `| ${m.dialect} | ${fmt(m.idle / MB)} | ${fmt(m.afterWarmup / MB)} | ${fmt(m.afterRun / MB)} | ${fmt((m.afterRun / m.afterWarmup) * 100)}% | ${fmt(m.peak / MB)} |`,
    );
  }
  return lines;
}

/** One line per target of the bench issue, with where this run stands. */
function targetLines(
  results: readonly ScenarioResult[],
  memory: readonly MemoryResult[],
): string[] {
  const lines: string[] = [];
  const ratioTargets: [string, string, number][] = [
    ['get-one', 'GET one', 0.6],
    ['list-20', 'list-20', 0.6],
    ['list-20-all', 'list-20, no filter', 0.6],
    ['create-todo', 'ToDo create', 0.4],
  ];
  for (const r of results) {
    const target = ratioTargets.find(([id]) => id === r.id);
    const ratio = floorRatio(r, results);
    if (target === undefined || ratio === undefined) continue;
    lines.push(
      `- ${target[1]} ≥ ${target[2] * 100}% of floor, ${r.dialect} ${r.rows} rows: ${(ratio * 100).toFixed(0)}% ${ratio >= target[2] ? 'met' : '**missed**'}`,
    );
  }
  for (const dialect of new Set(results.map((r) => r.dialect))) {
    const lists = results.filter((r) => r.dialect === dialect && r.id === 'list-20');
    const [small, large] = [lists[0], lists.at(-1)];
    if (small !== undefined && large !== undefined && small !== large) {
      const factor = large.p50.median / small.p50.median;
      lines.push(
        `- list p50 at ${large.rows} within 2× of ${small.rows}, ${dialect}: ${factor.toFixed(2)}× ${factor <= 2 ? 'met' : '**missed**'}`,
      );
    }
    for (const count of results.filter(
      (r) => r.dialect === dialect && r.id === 'get-count' && r.rows >= 1_000_000,
    )) {
      lines.push(
        `- get_count at ${count.rows} rows < 50 ms, ${dialect}: p50 ${fmt(count.p50.median, 1)} ms ${count.p50.median < 50 ? 'met' : '**missed**'}`,
      );
    }
  }
  for (const r of results.filter((x) => x.id === 'create-todo')) {
    const factor = r.p99.median / r.p50.median;
    lines.push(
      `- POST ToDo p99 ≤ 5× p50, ${r.dialect} ${r.rows} rows: ${factor.toFixed(1)}× ${factor <= 5 ? 'met' : '**missed**'}`,
    );
  }
  for (const m of memory) {
    // The bench server runs the built server's modules but also tsx (for the bench's own files), the
    // bench site's fixtures and a warm heap: `--with startup` measures `cortado serve` itself, idle.
    lines.push(
      `- idle RSS ≤ 100 MB (built server; this one carries tsx and the bench site, see \`--with startup\`), ${m.dialect}: ${fmt(m.idle / MB)} MB ${m.idle <= 100 * MB ? 'met' : '**missed**'}`,
      `- peak RSS ≤ 150 MB, ${m.dialect}: ${fmt(m.peak / MB)} MB ${m.peak <= 150 * MB ? 'met' : '**missed**'}`,
    );
    const growth = m.afterRun / m.afterWarmup - 1;
    lines.push(
      `- RSS after run within 20% of after warm-up, ${m.dialect}: ${(growth * 100).toFixed(0)}% ${growth <= 0.2 ? 'met' : '**missed**'}`,
    );
  }
  return lines;
}

/** The run as Markdown: scenarios with floor ratios, memory, targets. */
export function markdownReport(
  header: string,
  results: readonly ScenarioResult[],
  memory: readonly MemoryResult[],
): string {
  return [
    header,
    '',
    ...scenarioTable(results),
    '',
    'Side by side (× driver = over the hand-written Fastify + driver route of the same dialect):',
    '',
    ...dialectTable(results),
    '',
    'Cortado RSS:',
    '',
    ...memoryTable(memory),
    '',
    'Targets:',
    '',
    ...targetLines(results, memory),
    '',
  ].join('\n');
}
