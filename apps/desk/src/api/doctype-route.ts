import { boot } from './boot.js';
import { slugOf } from './meta.js';

/**
 * The DocType a route slug names: looked up among the DocTypes the boot
 * lists, else the slug in title case (`payment-entry` → `Payment Entry`), so
 * a DocType the user may not read still gets the server's own answer.
 */
export function doctypeOfSlug(slug: string): string {
  for (const names of Object.values(boot.rights))
    for (const name of names ?? []) if (slugOf(name) === slug || name === slug) return name;
  return slug
    .split('-')
    .map((word) => word.charAt(0).toUpperCase() + word.slice(1))
    .join(' ');
}
