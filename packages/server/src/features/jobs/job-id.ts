import { randomUUID } from 'node:crypto';

/**
 * Frappe v16's stored job id (A3): `<site>||<job_id>` with every `:` of the
 * job id replaced by `|`; a random UUID when the caller gave none.
 */
export function namespacedJobId(site: string, jobId: string | undefined): string {
  return `${site}||${(jobId ?? randomUUID()).replaceAll(':', '|')}`;
}
