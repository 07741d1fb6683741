import { after, before, describe, it } from 'node:test';
import type { AppDefinition } from '../../src/engine/runtime/app-definition.js';
import type { SiteConfig } from '../../src/core/config/site-config.js';
import { setAdminPassword } from '../../src/sites/admin-password.js';
import type { DbType } from '../../src/platform/db/database.js';
import { runScenario, type ApiScenario } from '../helpers/api-scenario.js';
import { buildTestApp, TEST_USER_HEADER, type TestApp } from '../helpers/build-test-app.js';
import { DIALECTS } from '../helpers/dialects.js';

/** Request headers for Administrator through the test authenticator. */
export const ADMIN = { [TEST_USER_HEADER]: 'Administrator' } as const;

/** Names the world created, for scenarios that reference documents (`{todo}` style). */
export type Names = Record<string, string>;

/** A vector: a scenario built once the world's documents exist. */
export type Vector = ApiScenario | ((names: Names) => ApiScenario | Promise<ApiScenario>);

export interface VectorWorldOptions {
  readonly apps?: readonly AppDefinition[];
  readonly config?: Partial<SiteConfig>;
  /** Creates the documents the vectors use; returns their names. */
  readonly seed?: (t: TestApp) => Promise<Names>;
}

/**
 * One `describe` per dialect in `DIALECTS`, each on a freshly migrated site
 * with the core app, running every vector in order through real HTTP (`inject`).
 */
export function describeVectors(
  title: string,
  options: VectorWorldOptions,
  vectors: readonly Vector[],
): void {
  for (const dialect of DIALECTS) {
    describe(`${title} (${dialect})`, () => {
      let t: TestApp;
      let names: Names = {};
      before(async () => {
        t = await vectorApp(dialect, options);
        names = (await options.seed?.(t)) ?? {};
      });
      after(() => t.close());
      for (const [index, vector] of vectors.entries()) {
        const label = typeof vector === 'function' ? `${title} #${index + 1}` : vector.name;
        it(typeof vector === 'function' ? vectorName(vector, label) : label, async () => {
          const scenario = typeof vector === 'function' ? await vector(names) : vector;
          await runScenario(t.app, scenario);
        });
      }
    });
  }
}

/** A test app on a migrated site with the standard users, as the vectors expect. */
export async function vectorApp(
  dialect: DbType,
  options: VectorWorldOptions = {},
): Promise<TestApp> {
  const t = await buildTestApp({
    dialect,
    migrate: true,
    ...(options.apps === undefined ? {} : { apps: options.apps }),
    ...(options.config === undefined ? {} : { config: options.config }),
  });
  // Like `new-site`: the standard users exist and Administrator's password is "admin".
  await setAdminPassword(t.site, 'admin');
  return t;
}

/** Inserts a document through `POST /api/resource` as Administrator and returns its name. */
export async function postDoc(
  t: TestApp,
  doctype: string,
  body: Record<string, unknown>,
): Promise<string> {
  const response = await t.app.inject({
    method: 'POST',
    url: `/api/resource/${encodeURIComponent(doctype)}`,
    headers: { ...ADMIN, 'content-type': 'application/json' },
    payload: JSON.stringify(body),
  });
  if (response.statusCode !== 200)
    throw new Error(`seed ${doctype}: ${response.statusCode} ${response.body}`);
  return String(response.json<{ data: { name: unknown } }>().data.name);
}

/** Builds a named vector from a function of the world's names. */
export function named(name: string, build: (names: Names) => Omit<ApiScenario, 'name'>): Vector {
  const vector = async (names: Names): Promise<ApiScenario> => ({ name, ...build(names) });
  return Object.assign(vector, { vectorName: name });
}

function vectorName(vector: object, fallback: string): string {
  const name = (vector as { vectorName?: unknown }).vectorName;
  return typeof name === 'string' ? name : fallback;
}
