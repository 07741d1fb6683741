import { ConfigError } from '../core/errors/index.js';
import type { AppDefinition } from '../engine/runtime/app-definition.js';

/**
 * Imports the apps a site lists in `installed_apps`: each is an npm package
 * whose default export is an `AppDefinition`.
 */
export async function loadInstalledApps(names: readonly string[]): Promise<AppDefinition[]> {
  return Promise.all(names.map(loadApp));
}

async function loadApp(name: string): Promise<AppDefinition> {
  let module: { default?: unknown };
  try {
    module = (await import(name)) as { default?: unknown };
  } catch (error) {
    throw new ConfigError(`installed_apps: cannot load app '${name}' (${firstLine(error)})`, {
      cause: error,
    });
  }
  if (!isAppDefinition(module.default)) {
    throw new ConfigError(
      `installed_apps: '${name}' does not export an app definition (name, version, doctypes) as default`,
    );
  }
  return module.default;
}

function isAppDefinition(value: unknown): value is AppDefinition {
  const app = value as Partial<AppDefinition> | null | undefined;
  return (
    typeof app?.name === 'string' && typeof app.version === 'string' && Array.isArray(app.doctypes)
  );
}

function firstLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0] ?? '';
}
