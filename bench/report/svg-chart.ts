import type { ScenarioResult } from '../lib/http-bench.js';
import { escapeXml } from './escape-xml.js';

const ROW = 16;
const LABEL = 300;
const BAR = 260;
const PANEL_GAP = 140;
const TOP = 40;

interface Panel {
  readonly title: string;
  readonly value: (r: ScenarioResult) => number;
  readonly unit: string;
  readonly colour: string;
}

const PANELS: readonly Panel[] = [
  { title: 'req/s (median)', value: (r) => r.rps.median, unit: '', colour: '#3b6ea5' },
  { title: 'p99 latency ms (median)', value: (r) => r.p99.median, unit: ' ms', colour: '#c0504d' },
];

function panelBars(panel: Panel, results: readonly ScenarioResult[], x: number): string[] {
  const max = Math.max(1, ...results.map(panel.value).filter(Number.isFinite));
  const parts = [
    `<text x="${x}" y="${TOP - 14}" font-weight="bold">${escapeXml(panel.title)}</text>`,
  ];
  results.forEach((r, i) => {
    const value = panel.value(r);
    const width = Number.isFinite(value) ? Math.max(1, (value / max) * BAR) : 0;
    const y = TOP + i * ROW;
    parts.push(
      `<rect x="${x}" y="${y}" width="${width.toFixed(1)}" height="${ROW - 4}" fill="${r.target === 'baseline' ? '#999' : panel.colour}"/>`,
      `<text x="${(x + width + 4).toFixed(1)}" y="${y + ROW - 6}">${Number.isFinite(value) ? value.toFixed(0) : '–'}${panel.unit}</text>`,
    );
  });
  return parts;
}

/**
 * A horizontal bar chart of req/s and p99 per scenario, dialect and size, as
 * plain SVG text (floors in grey).
 */
export function svgChart(title: string, results: readonly ScenarioResult[]): string {
  const height = TOP + results.length * ROW + 20;
  const width = LABEL + PANELS.length * (BAR + PANEL_GAP);
  const labels = results.map(
    (r, i) =>
      `<text x="${LABEL - 6}" y="${TOP + i * ROW + ROW - 6}" text-anchor="end">${escapeXml(`${r.dialect} ${r.rows} · ${r.title}`)}</text>`,
  );
  const panels = PANELS.flatMap((panel, index) =>
    panelBars(panel, results, LABEL + index * (BAR + PANEL_GAP)),
  );
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" font-family="sans-serif" font-size="11">`,
    `<rect width="100%" height="100%" fill="white"/>`,
    `<text x="6" y="14" font-size="13" font-weight="bold">${escapeXml(title)}</text>`,
    ...labels,
    ...panels,
    '</svg>',
    '',
  ].join('\n');
}
