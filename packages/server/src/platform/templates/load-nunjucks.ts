import { createRequire } from 'node:module';
import type nunjucks from 'nunjucks';

const require = createRequire(import.meta.url);
let loaded: typeof nunjucks | undefined;

/**
 * nunjucks (~9 MB resident) on first use: most processes never render a
 * template. It is CommonJS, so a synchronous require keeps the render API
 * synchronous.
 */
export function loadNunjucks(): typeof nunjucks {
  loaded ??= require('nunjucks') as typeof nunjucks;
  return loaded;
}
