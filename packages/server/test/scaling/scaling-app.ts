/**
 * The app of the multi-process proof (`installed_apps` names this file's
 * URL, so every spawned process loads it): the reliability app's order,
 * rows, receipt job and `place_order`, plus a DocType named by a naming
 * series and a rate-limited method.
 */
import type { DocTypeJson } from '@cortado/protocol';
import type { AppDefinition } from '../../src/engine/runtime/app-definition.js';
import reliability from '../reliability/reliability-app.js';

export const ENTRY = 'Scale Entry';
export const ENTRY_PREFIX = 'SCALE-';
export const LIMITED_METHOD = 'scaling_test.api.limited';
/** Calls of `LIMITED_METHOD` allowed per hour, counted across every process. */
export const METHOD_LIMIT = 12;

const entry = {
  doctype: 'DocType',
  name: ENTRY,
  module: 'Scaling Test',
  autoname: `${ENTRY_PREFIX}.#####`,
  permissions: [{ role: 'System Manager', read: 1, write: 1, create: 1, delete: 1 }],
  fields: [{ fieldname: 'title', fieldtype: 'Data', label: 'Title', reqd: 1 }],
} as unknown as DocTypeJson;

const app: AppDefinition = {
  ...reliability,
  name: 'scaling_test',
  doctypes: [...reliability.doctypes, entry],
  methods: [
    ...(reliability.methods ?? []),
    {
      path: LIMITED_METHOD,
      methods: ['POST'],
      usesDatabase: false,
      rateLimit: { limit: METHOD_LIMIT, seconds: 3600 },
      handler: () => 'counted',
    },
  ],
};

export default app;
