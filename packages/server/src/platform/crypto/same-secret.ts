import { timingSafeEqual } from 'node:crypto';

/**
 * Constant-time equality of two secrets or their hashes: the time taken
 * tells nothing about where they differ (only, for unequal lengths, that
 * they do).
 */
export function sameSecret(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}
