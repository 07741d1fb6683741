/**
 * Parsing and formatting of Frappe's naive date/time strings. Values are
 * wall-clock times in the server's time zone; no zone suffix is accepted.
 */
export interface DateParts {
  readonly year: number;
  readonly month: number;
  readonly day: number;
}

export interface TimeParts {
  readonly hour: number;
  readonly minute: number;
  readonly second: number;
  /** Exactly six digits. */
  readonly micros: string;
}

const DATETIME = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T](\d{1,2}:\d{2}(?::\d{2}(?:\.\d{1,6})?)?))?$/;
const TIME = /^(\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d{1,6}))?)?$/;
const MIDNIGHT: TimeParts = { hour: 0, minute: 0, second: 0, micros: '000000' };

export const pad = (value: number, width = 2): string => String(value).padStart(width, '0');

/** `YYYY-MM-DD[ HH:MM[:SS[.ffffff]]]` (also with `T`), or null when malformed or not a calendar date. */
export function parseDatetime(text: string): { date: DateParts; time: TimeParts } | null {
  const match = DATETIME.exec(text.trim());
  if (!match) return null;
  const date = { year: Number(match[1]), month: Number(match[2]), day: Number(match[3]) };
  if (!isCalendarDate(date)) return null;
  const time = match[4] === undefined ? MIDNIGHT : parseTime(match[4]);
  return time ? { date, time } : null;
}

/** `H:MM[:SS[.ffffff]]`, hours 0–23, or null. */
export function parseTime(text: string): TimeParts | null {
  const match = TIME.exec(text.trim());
  if (!match) return null;
  const time = {
    hour: Number(match[1]),
    minute: Number(match[2]),
    second: Number(match[3] ?? 0),
    micros: (match[4] ?? '').padEnd(6, '0'),
  };
  return time.hour < 24 && time.minute < 60 && time.second < 60 ? time : null;
}

export function formatDate(date: DateParts): string {
  return `${pad(date.year, 4)}-${pad(date.month)}-${pad(date.day)}`;
}

/** `HH:MM:SS` (or `H:MM:SS` with `padHour` false) plus `.ffffff` only when non-zero, like Python's `str()`. */
export function formatTime(time: TimeParts, padHour = true): string {
  const hour = padHour ? pad(time.hour) : String(time.hour);
  const fraction = time.micros === '000000' ? '' : `.${time.micros}`;
  return `${hour}:${pad(time.minute)}:${pad(time.second)}${fraction}`;
}

export function formatDatetime(value: { date: DateParts; time: TimeParts }): string {
  return `${formatDate(value.date)} ${formatTime(value.time)}`;
}

/** The local wall-clock parts of a JS Date (drivers and hooks may hand us Date objects). */
export function partsOfJsDate(value: Date): { date: DateParts; time: TimeParts } {
  return {
    date: { year: value.getFullYear(), month: value.getMonth() + 1, day: value.getDate() },
    time: {
      hour: value.getHours(),
      minute: value.getMinutes(),
      second: value.getSeconds(),
      micros: pad(value.getMilliseconds() * 1000, 6),
    },
  };
}

function isCalendarDate({ year, month, day }: DateParts): boolean {
  if (month < 1 || month > 12 || day < 1) return false;
  return day <= new Date(Date.UTC(year, month, 0)).getUTCDate();
}
