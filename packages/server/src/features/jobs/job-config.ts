import type { Site } from '../../engine/site.js';

/** A positive number from the site config, else `fallback`. */
export function configNumber(site: Site, key: string, fallback: number): number {
  const value = site.config[key];
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : fallback;
}
