import { ValidationError } from '../../core/errors/index.js';

/**
 * Job arguments travel as JSON (never as live objects), so a value that would
 * not survive `JSON.stringify` unchanged is refused at enqueue time instead of
 * failing, or silently changing, in the worker.
 */
export function assertJsonPayload(value: unknown, path = 'kwargs', seen = new Set<object>()): void {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return;
  if (typeof value === 'number') {
    if (Number.isFinite(value)) return;
    throw notJson(path, 'a non-finite number');
  }
  if (typeof value !== 'object') throw notJson(path, `a ${typeof value}`);
  if (seen.has(value)) throw notJson(path, 'a circular reference');
  const proto = Object.getPrototypeOf(value) as unknown;
  if (!Array.isArray(value) && proto !== Object.prototype && proto !== null)
    throw notJson(path, `an instance of ${value.constructor?.name ?? 'a class'}`);
  seen.add(value);
  for (const [key, item] of Object.entries(value)) assertJsonPayload(item, `${path}.${key}`, seen);
  seen.delete(value);
}

function notJson(path: string, what: string): Error {
  return new ValidationError(`Background job arguments must be JSON values: ${path} is ${what}`);
}
