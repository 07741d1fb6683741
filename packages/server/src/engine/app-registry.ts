import type { AppDefinition, Controller, DocHook, WhitelistedMethod } from './app.js';
import type { DocEvent } from './doc.js';
import type { AppRegistry } from './site.js';

/**
 * Indexes the installed apps of a site. Later apps override earlier ones for
 * controllers and methods (Frappe's `override_doctype_class` order); doc
 * event handlers accumulate in app order, DocType-specific before `*`.
 */
export function createAppRegistry(apps: readonly AppDefinition[]): AppRegistry {
  const controllers = new Map<string, Controller>();
  const methods = new Map<string, WhitelistedMethod>();
  for (const app of apps) {
    for (const [doctype, controller] of Object.entries(app.controllers ?? {})) controllers.set(doctype, controller);
    for (const method of app.methods ?? []) methods.set(method.path, method);
  }
  return {
    apps,
    controller: (doctype) => controllers.get(doctype),
    docHooks: (doctype, event) => [...hooksFor(apps, doctype, event), ...hooksFor(apps, '*', event)],
    method: (path) => methods.get(path),
  };
}

function hooksFor(apps: readonly AppDefinition[], key: string, event: DocEvent): DocHook[] {
  const hooks: DocHook[] = [];
  for (const app of apps) {
    const hook = app.docEvents?.[key]?.[event];
    if (hook) hooks.push(hook);
  }
  return hooks;
}
