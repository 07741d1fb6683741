import type { AppDefinition, Controller, WhitelistedMethod } from './app-definition.js';
import type { AppRegistry } from '../site.js';

/**
 * Indexes the installed apps of a site. Later apps override earlier ones for
 * controllers and methods (Frappe's `override_doctype_class` order); doc
 * event handlers and permission hooks accumulate in app order,
 * DocType-specific before `*`.
 */
export function createAppRegistry(apps: readonly AppDefinition[]): AppRegistry {
  const controllers = new Map<string, Controller>();
  const methods = new Map<string, WhitelistedMethod>();
  for (const app of apps) {
    for (const [doctype, controller] of Object.entries(app.controllers ?? {}))
      controllers.set(doctype, controller);
    for (const method of app.methods ?? []) methods.set(method.path, method);
  }
  return {
    apps,
    controller: (doctype) => controllers.get(doctype),
    docHooks: (doctype, event) =>
      collect(apps, doctype, (app, key) => app.docEvents?.[key]?.[event]),
    method: (path) => methods.get(path),
    permissionHooks: (doctype) => collect(apps, doctype, (app, key) => app.hasPermission?.[key]),
    permissionQueryConditions: (doctype) =>
      collect(apps, doctype, (app, key) => app.permissionQueryConditions?.[key]),
  };
}

/** What every app registers under `doctype`, then under `*`. */
function collect<T>(
  apps: readonly AppDefinition[],
  doctype: string,
  pick: (app: AppDefinition, key: string) => T | undefined,
): T[] {
  const found: T[] = [];
  for (const key of [doctype, '*']) {
    for (const app of apps) {
      const value = pick(app, key);
      if (value !== undefined) found.push(value);
    }
  }
  return found;
}
