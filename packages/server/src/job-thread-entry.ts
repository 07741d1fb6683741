import { siblingModule } from './core/sibling-module.js';

/**
 * The URL of the job thread module beside this file (`job-thread.ts` when
 * running the sources, `job-thread.js` when built), for job workers.
 */
export function jobThreadEntry(): URL {
  return siblingModule('./job-thread.ts', import.meta.url);
}
