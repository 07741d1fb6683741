import { SessionStopped } from '../core/errors/index.js';
import type { Site } from '../engine/site.js';

/**
 * Maintenance mode (docs/spec/api-rest-rpc.md §1 step 2): a site with `maintenance_mode`
 * refuses every request with `SessionStopped` (503) unless it also sets
 * `allow_reads_during_maintenance`; then requests run with writes denied.
 */
export function assertSiteOpen(site: Site): void {
  if (inMaintenance(site) && !site.config.allow_reads_during_maintenance) {
    throw new SessionStopped('The site is down for maintenance. Please try again later.', {
      title: 'Session Stopped',
    });
  }
}

/** Whether the request's work must run with writes denied (`InReadOnlyMode`). */
export function inMaintenance(site: Site): boolean {
  return Boolean(site.config.maintenance_mode);
}
