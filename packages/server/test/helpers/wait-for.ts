/**
 * The shared wait for a condition (never a fixed sleep); it lives in
 * `scripts/wait-for.mjs` so the Desk's browser tests use the same one.
 */
export { DEFAULT_DEADLINE_MS, waitFor, type WaitOptions } from '../../../../scripts/wait-for.mjs';
