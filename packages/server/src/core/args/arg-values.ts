import { ValidationError } from '../errors/index.js';
import { assertSafeInput } from './safe-input.js';

/**
 * Decodes a parameter Frappe documents as "JSON": over query strings and
 * forms it arrives as a JSON string, inside a JSON body as the native value.
 * A string that does not open a JSON array, object or string is kept as it
 * is (`*`, a bare field name); an empty one counts as absent. Frappe answers
 * malformed JSON with a 500 `JSONDecodeError`; we answer 417 so that bad
 * input never looks like a server fault (docs/spec/api-rest-rpc.md §14.15).
 *
 * @internal
 */
export function parseJsonArg(value: unknown, argName: string): unknown {
  if (typeof value !== 'string') return value;
  const text = value.trim();
  if (text === '') return undefined;
  if (!/^[[{"]/.test(text)) return value;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new ValidationError(`Invalid JSON in ${argName}`, { cause: error });
  }
  assertSafeInput(parsed);
  return parsed;
}

/** Like `parseJsonArg`, but a value that is not JSON is kept as the plain string (a document name). */
export function parseJsonOrString(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  const text = value.trim();
  if (!text.startsWith('{') && !text.startsWith('[')) return value;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return value;
  }
}

/** A JSON argument that must decode to an object (`doc`, a document body). */
export function parseJsonObject(value: unknown, argName: string): Record<string, unknown> {
  const parsed = parseJsonArg(value, argName);
  if (!isPlainObject(parsed))
    throw new ValidationError(`Argument '${argName}' must be a JSON object`);
  return parsed;
}

/** A JSON argument that must decode to an array (`docs`, `fields`). */
export function parseJsonArray(value: unknown, argName: string): unknown[] {
  const parsed = parseJsonArg(value, argName);
  if (!Array.isArray(parsed))
    throw new ValidationError(`Argument '${argName}' must be a JSON array`);
  return parsed;
}

/**
 * Frappe's `sbool`, widened as docs/spec/api-rest-rpc.md §14.7 suggests: true/false,
 * 1/0, yes/no in any case; anything else is an error instead of "truthy".
 */
export function parseBool(value: unknown, argName: string, fallback: boolean): boolean {
  if (isBlank(value)) return fallback;
  if (typeof value === 'boolean') return value;
  if (typeof value === 'number') return value !== 0;
  if (typeof value === 'string') {
    const lowered = value.trim().toLowerCase();
    if (['1', 'true', 'yes'].includes(lowered)) return true;
    if (['0', 'false', 'no'].includes(lowered)) return false;
  }
  throw new ValidationError(`${argName} must be a boolean`);
}

/** A non-negative integer argument (offsets, page sizes); `undefined` when absent. */
export function parseCount(value: unknown, argName: string): number | undefined {
  if (isBlank(value)) return undefined;
  const number = typeof value === 'string' && /^\s*\d+\s*$/.test(value) ? Number(value) : value;
  if (typeof number !== 'number' || !Number.isSafeInteger(number) || number < 0) {
    throw new ValidationError(`${argName} must be a non-negative integer`);
  }
  return number;
}

/** A required, non-empty string argument (`doctype`, `name`). */
export function requireString(value: unknown, argName: string): string {
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value !== 'string' || value === '') {
    throw new ValidationError(`Argument '${argName}' is required`, { title: 'Missing Argument' });
  }
  return value;
}

/** An optional string argument; anything but a string (or nothing) is refused. */
export function optionalString(value: unknown, argName: string): string | undefined {
  if (isBlank(value)) return undefined;
  if (typeof value !== 'string') throw new ValidationError(`${argName} must be a string`);
  return value;
}

/** An absent argument: missing, null, or an empty string (an empty query parameter). */
export function isBlank(value: unknown): value is undefined | null | '' {
  return value === undefined || value === null || value === '';
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
