// The app bench/jobs.ts installs (by file URL in `installed_apps`), so job threads load the same no-op job.
import type { AppDefinition } from '../../packages/server/src/engine/runtime/app-definition.js';

const app: AppDefinition = {
  name: 'jobs_bench',
  version: '0.0.1',
  doctypes: [],
  jobs: { 'jobs_bench.noop': () => null },
};

export default app;
