import type nunjucks from 'nunjucks';
import { lazyRequire } from '../../core/lazy-require.js';

/** nunjucks (~9 MB resident) on first use: most processes never render a template. */
export const loadNunjucks = lazyRequire<typeof nunjucks>('nunjucks');
