import { readFileSync } from 'node:fs';
import type { DocTypeJson } from '@cortado/protocol';
import type { AppDefinition } from '../../packages/server/src/engine/runtime/app-definition.js';
import { placeholderLinkTargets } from '../../packages/server/test/helpers/link-targets.js';

const FIXTURES = new URL('../../packages/server/test/fixtures/doctypes/', import.meta.url);
const ERPNEXT = [
  'company',
  'customer',
  'customer_group',
  'item',
  'item_group',
  'sales_order',
  'sales_order_item',
  'territory',
  'uom',
];

function fixture(path: string): DocTypeJson {
  return JSON.parse(readFileSync(new URL(path, FIXTURES), 'utf8')) as DocTypeJson;
}

/**
 * The ERPNext selling DocTypes from the test fixtures, as an app, for the
 * Sales Order scenario while no demo app ships them.
 */
export function fixturesApp(coreNames: readonly string[]): AppDefinition {
  const real = [
    ...ERPNEXT.map((name) => fixture(`erpnext/${name}.json`)),
    fixture('frappe/currency.json'),
  ];
  const known = new Set([...coreNames, ...real.map((doctype) => doctype.name)]);
  return {
    name: 'bench_erpnext',
    title: 'ERPNext fixtures',
    version: '0.0.0',
    doctypes: [...real, ...placeholderLinkTargets(real, known)],
  };
}
