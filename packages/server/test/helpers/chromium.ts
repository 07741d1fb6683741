import type * as Shared from '../../../../scripts/chromium.mjs';
import { repoFile } from './source-tree.js';

/**
 * How the browser tests start Debian's Chromium (`scripts/chromium.mjs`),
 * loaded from the source tree, which tsc's output under `dist/` does not include.
 */
export const { CHROMIUM, CHROMIUM_ARGS } = (await import(
  repoFile('scripts/chromium.mjs').href
)) as typeof Shared;
