import type * as Shared from '../../../../scripts/wait-for.mjs';
import { repoFile } from './source-tree.js';

export type { WaitOptions } from '../../../../scripts/wait-for.mjs';

/**
 * The shared wait for a condition (never a fixed sleep); it lives in
 * `scripts/wait-for.mjs` so the Desk's browser tests use the same one. Loaded
 * from the source tree, which tsc's output under `dist/` does not include.
 */
export const { DEFAULT_DEADLINE_MS, waitFor } = (await import(
  repoFile('scripts/wait-for.mjs').href
)) as typeof Shared;
