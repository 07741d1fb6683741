import { ValidationError } from '../../core/errors/index.js';

/** A calendar day as [year, month (1-12), day]. */
type Day = readonly [number, number, number];

const UNITS = {
  week: 'week',
  month: 'month',
  quarter: 'quarter',
  '6 months': 'half',
  year: 'year',
} as const;
type Unit = (typeof UNITS)[keyof typeof UNITS];

/** `previous`/`next` values and the timespan period they stand for (docs/spec/query-language.md §4.4). */
const RELATIVE: Record<string, keyof typeof UNITS> = {
  '1 week': 'week',
  '1 month': 'month',
  '3 months': 'quarter',
  '6 months': '6 months',
  '1 year': 'year',
};

/**
 * The inclusive date range (`YYYY-MM-DD`) a `timespan` keyword means, in whole
 * calendar periods around `today`: `yesterday`, `today`, `tomorrow`, and
 * `last|this|next` + `week|month|quarter|6 months|year`. Weeks start on Sunday
 * (Frappe's default first day of the week).
 *
 * @example
 * timespanRange('last month', new Date(2024, 2, 15)); // ['2024-02-01', '2024-02-29']
 */
export function timespanRange(keyword: unknown, today: Date): [string, string] {
  const text = typeof keyword === 'string' ? keyword.trim().toLowerCase().replace(/\s+/g, ' ') : '';
  const day: Day = [today.getFullYear(), today.getMonth() + 1, today.getDate()];
  const offsets: Record<string, number> = { yesterday: -1, today: 0, tomorrow: 1 };
  const offset = offsets[text];
  if (offset !== undefined) return [format(addDays(day, offset)), format(addDays(day, offset))];
  const match = /^(last|this|next) (week|month|quarter|6 months|year)$/.exec(text);
  if (match === null || (match[1] === 'this' && match[2] === '6 months')) {
    const rolling = rollingRange(text, day);
    if (rolling !== undefined) return rolling;
    throw new ValidationError(`Invalid timespan: ${String(keyword).slice(0, 40)}`);
  }
  const step = match[1] === 'last' ? -1 : match[1] === 'this' ? 0 : 1;
  return period(day, UNITS[match[2] as keyof typeof UNITS], step);
}

/** Days in each unit of a rolling timespan; months and years move by calendar. */
const ROLLING_UNITS = /^(last|next) (\d{1,4}) (day|days|week|weeks|month|months|year|years)$/;

/**
 * The later-v15 rolling keywords, `last 7 days`, `next 30 days`,
 * `last 2 weeks`, `last 3 months`…: from that far back through today, or
 * from today through that far ahead (whole days, today included).
 */
function rollingRange(text: string, day: Day): [string, string] | undefined {
  const match = ROLLING_UNITS.exec(text);
  if (match === null) return undefined;
  const count = Number(match[2]) * (match[1] === 'last' ? -1 : 1);
  const unit = (match[3] ?? '').replace(/s$/, '');
  const other =
    unit === 'day' || unit === 'week'
      ? addDays(day, count * (unit === 'week' ? 7 : 1))
      : addMonths(day, count * (unit === 'year' ? 12 : 1));
  return count < 0 ? [format(other), format(day)] : [format(day), format(other)];
}

/** The same day `months` months on, clamped to the month's last day (31 March - 1 month = 29 February). */
function addMonths([year, month, dayOfMonth]: Day, months: number): Day {
  const last = new Date(Date.UTC(year, month - 1 + months + 1, 0));
  const day = Math.min(dayOfMonth, last.getUTCDate());
  return [last.getUTCFullYear(), last.getUTCMonth() + 1, day];
}

/** The timespan keyword for `previous`/`next` with a value such as `"3 months"`. */
export function relativeTimespan(direction: 'previous' | 'next', value: unknown): string {
  const unit = typeof value === 'string' ? RELATIVE[value.trim().toLowerCase()] : undefined;
  if (unit === undefined)
    throw new ValidationError(`Invalid value for ${direction}: ${String(value).slice(0, 40)}`);
  return `${direction === 'previous' ? 'last' : 'next'} ${unit}`;
}

function period(day: Day, unit: Unit, step: number): [string, string] {
  const [year, month] = day;
  switch (unit) {
    case 'week': {
      const weekday = new Date(Date.UTC(...toUtcArgs(day))).getUTCDay();
      const start = addDays(day, step * 7 - weekday);
      return [format(start), format(addDays(start, 6))];
    }
    case 'month':
      return monthSpan(year, month + step, 1);
    case 'quarter':
      return monthSpan(year, Math.floor((month - 1) / 3) * 3 + 1 + step * 3, 3);
    case 'half':
      return step < 0 ? monthSpan(year, month - 6, 6) : monthSpan(year, month + 1, 6);
    case 'year':
      return monthSpan(year + step, 1, 12);
  }
}

/** From the first day of `month` (may overflow the year) through the last day `count` months on. */
function monthSpan(year: number, month: number, count: number): [string, string] {
  const first = new Date(Date.UTC(year, month - 1, 1));
  const last = new Date(Date.UTC(year, month - 1 + count, 0));
  return [utcFormat(first), utcFormat(last)];
}

function addDays(day: Day, days: number): Day {
  const date = new Date(Date.UTC(...toUtcArgs(day)) + days * 86_400_000);
  return [date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate()];
}

function toUtcArgs([year, month, day]: Day): [number, number, number] {
  return [year, month - 1, day];
}

function utcFormat(date: Date): string {
  return format([date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate()]);
}

function format([year, month, day]: Day): string {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}
