import { ValidationError } from '../errors/index.js';

/** Deeper than this, client input is an attack or a bug; no Frappe document nests this far. */
const MAX_NESTING = 32;

/**
 * Rejects client input that would fail below us instead of being refused:
 * NUL characters (PostgreSQL refuses them with a driver error, a 500) and
 * nesting deep enough to exhaust the stack of recursive walkers. Iterative,
 * so the check itself cannot overflow.
 */
export function assertSafeInput(input: unknown): void {
  const pending: Array<[unknown, number]> = [[input, 0]];
  while (pending.length > 0) {
    const [value, depth] = pending.pop() as [unknown, number];
    if (typeof value === 'string') {
      if (value.includes('\u0000')) throw new ValidationError('Invalid character in request');
      continue;
    }
    if (typeof value !== 'object' || value === null) continue;
    if (depth >= MAX_NESTING) throw new ValidationError('Request arguments are nested too deeply');
    for (const [key, item] of Object.entries(value))
      pending.push([key, depth + 1], [item, depth + 1]);
  }
}
