import { InvalidNamingSeriesError } from '../../core/errors/index.js';
import type { UnitOfWork } from '../../platform/db/database.js';
import { nextSeriesValue } from '../../platform/db/series.js';
import type { Doc } from '../doc.js';
import { nowDatetime } from '../store/values.js';

const SERIES_PATTERN = /^[\w\- /.#{}]+$/;

/** Throws `InvalidNamingSeriesError` unless `series` is a legal naming series (§6.3). */
export function validateSeries(series: string): string {
  const full = series.includes('#') ? series : `${series}.#####`;
  if (!full.includes('.') || !SERIES_PATTERN.test(full)) {
    throw new InvalidNamingSeriesError(
      `Special Characters except '-', '#', '.', '/', '{{' and '}}' not allowed in naming series ${series}`,
    );
  }
  return full;
}

/**
 * Resolves a series such as `SINV-.YY.-.####` to a name, drawing the counter
 * from `tabSeries` under the prefix (all parts before the first `#` part).
 */
export async function nameFromSeries(
  uow: UnitOfWork,
  series: string,
  doc: Doc,
  now = new Date(),
  variables: Readonly<Record<string, string>> = {},
): Promise<string> {
  const parts = seriesParts(series);
  let name = '';
  let counted = false;
  for (const part of parts) {
    if (part.startsWith('#')) {
      if (!counted) name += await counterValue(uow, name, part.length);
      counted = true;
    } else {
      name += resolvePart(part, doc, now, variables);
    }
  }
  return name;
}

/** The tokens of a series, `.#####` appended when it has no counter (§6.3). */
export function seriesParts(series: string): string[] {
  return validateSeries(series)
    .split('.')
    .filter((part) => part !== '');
}

/** The counter key of a series: the resolved text before the first `#` part (§6.4). */
export function seriesPrefix(
  series: string,
  doc: Doc,
  now = new Date(),
  variables: Readonly<Record<string, string>> = {},
): string {
  let prefix = '';
  for (const part of seriesParts(series)) {
    if (part.startsWith('#')) break;
    prefix += resolvePart(part, doc, now, variables);
  }
  return prefix;
}

async function counterValue(uow: UnitOfWork, prefix: string, digits: number): Promise<string> {
  const value = await nextSeriesValue(uow, prefix);
  return String(value).padStart(digits, '0');
}

/**
 * One series token (§6.3 table): dates, `{field}` or a field's name, then
 * the `naming_series_variables` resolved beforehand; unknown text is literal.
 */
export function resolvePart(
  part: string,
  doc: Doc,
  now: Date,
  variables: Readonly<Record<string, string>> = {},
): string {
  const field = part.startsWith('{') && part.endsWith('}') ? part.slice(1, -1) : null;
  if (field !== null) return fieldText(doc[field]);
  switch (part) {
    case 'YY':
      return String(now.getFullYear()).slice(-2);
    case 'YYYY':
      return String(now.getFullYear());
    case 'MM':
      return pad(now.getMonth() + 1);
    case 'DD':
      return pad(now.getDate());
    case 'WW':
      return pad(consecutiveWeek(now));
    case 'timestamp':
      return nowDatetime();
    default:
      if (Object.hasOwn(doc, part)) return fieldText(doc[part]);
      return Object.hasOwn(variables, part) ? (variables[part] ?? '') : part;
  }
}

function fieldText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'bigint')
    return String(value).trim();
  return '';
}

/** ISO week, except `00` for January days ISO puts in last year's week and `53` for December days it puts in week 1. */
export function consecutiveWeek(date: Date): number {
  const { week, isoYear } = isoWeek(date);
  if (isoYear < date.getFullYear()) return 0;
  if (isoYear > date.getFullYear()) return 53;
  return week;
}

function isoWeek(date: Date): { week: number; isoYear: number } {
  const day = new Date(Date.UTC(date.getFullYear(), date.getMonth(), date.getDate()));
  const weekday = day.getUTCDay() || 7;
  day.setUTCDate(day.getUTCDate() + 4 - weekday);
  const yearStart = Date.UTC(day.getUTCFullYear(), 0, 1);
  return {
    week: Math.ceil(((day.getTime() - yearStart) / 86400000 + 1) / 7),
    isoYear: day.getUTCFullYear(),
  };
}

function pad(value: number): string {
  return String(value).padStart(2, '0');
}
