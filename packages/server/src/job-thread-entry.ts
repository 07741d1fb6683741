/**
 * The URL of the job thread module beside this file (`job-thread.ts` when
 * running the sources, `job-thread.js` when built), for job workers.
 */
export function jobThreadEntry(): URL {
  const extension = import.meta.url.endsWith('.ts') ? '.ts' : '.js';
  return new URL(`./job-thread${extension}`, import.meta.url);
}
