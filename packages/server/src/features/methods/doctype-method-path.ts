import type { Site } from '../../engine/site.js';
import type { MethodRegistry } from './registry.js';

/**
 * v2's shorthand `/api/v2/method/{DocType}/{method}` (docs/spec/api-rest-rpc.md §12.1):
 * `{method}` in the DocType's controller module, whose dotted path ends in
 * `.doctype.<dt>.<dt>.<method>` with `<dt>` Frappe's scrubbed DocType name
 * (`User/get_all_roles` → `frappe.core.doctype.user.user.get_all_roles`).
 * Undefined when no registered method matches.
 */
export function doctypeMethodPath(
  site: Site,
  methods: MethodRegistry,
  doctype: string,
  method: string,
): string | undefined {
  const module = scrub(doctype);
  const suffix = `.doctype.${module}.${module}.${method}`;
  const appPaths = site.apps.apps.flatMap((app) => (app.methods ?? []).map((m) => m.path));
  return [...appPaths, ...methods.paths()].find((path) => path.endsWith(suffix));
}

/** Frappe's `scrub`: the module-name form of a DocType name. */
function scrub(name: string): string {
  return name.replace(/[ -]/g, '_').toLowerCase();
}
