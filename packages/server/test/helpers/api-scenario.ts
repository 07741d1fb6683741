import assert from 'node:assert/strict';
import { it } from 'node:test';
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';

/** One HTTP scenario (ARCHITECTURE habit 13): a request and what its answer must and must not hold. */
export interface ApiScenario {
  readonly name: string;
  readonly method?: InjectOptions['method'];
  readonly url: string;
  readonly headers?: Readonly<Record<string, string>>;
  /** An object is sent as JSON; a string is sent as-is (set `content-type` yourself). */
  readonly body?: unknown;
  readonly status: number;
  /** Each object must match the JSON body partially (deep, per key); each string must occur in the raw body. */
  readonly contains?: ReadonlyArray<Record<string, unknown> | string>;
  /** Strings (or top-level keys given as `key:<name>`) that must not appear. */
  readonly notContains?: readonly string[];
  /** Response headers that must equal the given values (`null`: must be absent). */
  readonly responseHeaders?: Readonly<Record<string, string | null>>;
  /** Further checks on the response. */
  readonly check?: (response: LightMyRequestResponse) => void | Promise<void>;
}

/** Sends one scenario through `inject` and asserts its expectations. */
export async function runScenario(
  app: FastifyInstance,
  scenario: ApiScenario,
): Promise<LightMyRequestResponse> {
  const request: InjectOptions = {
    method: scenario.method ?? 'GET',
    url: scenario.url,
    headers: { ...requestTypeHeader(scenario.body), ...scenario.headers },
    ...(scenario.body === undefined ? {} : { payload: payloadOf(scenario.body) }),
  };
  const response = await app.inject(request);
  const label = `${scenario.name}: ${response.statusCode} ${response.body}`;
  assert.equal(response.statusCode, scenario.status, label);
  for (const fragment of scenario.contains ?? []) {
    if (typeof fragment === 'string')
      assert.ok(response.body.includes(fragment), `${label}\nmissing ${fragment}`);
    else assertPartial(response.json(), fragment, label);
  }
  for (const fragment of scenario.notContains ?? []) assertAbsent(response, fragment, label);
  for (const [header, value] of Object.entries(scenario.responseHeaders ?? {})) {
    assert.equal(response.headers[header] ?? null, value, `${label}\nheader ${header}`);
  }
  await scenario.check?.(response);
  return response;
}

/** Declares one `it` per scenario; `app()` gives the app built in `before`. */
export function itScenarios(scenarios: readonly ApiScenario[], app: () => FastifyInstance): void {
  for (const scenario of scenarios)
    it(scenario.name, async () => void (await runScenario(app(), scenario)));
}

function requestTypeHeader(body: unknown): Record<string, string> {
  return body === undefined || typeof body === 'string'
    ? {}
    : { 'content-type': 'application/json' };
}

function payloadOf(body: unknown): string {
  return typeof body === 'string' ? body : JSON.stringify(body);
}

function assertAbsent(response: LightMyRequestResponse, fragment: string, label: string): void {
  if (fragment.startsWith('key:')) {
    const key = fragment.slice(4);
    assert.ok(!(key in (response.json() as object)), `${label}\nunexpected key ${key}`);
  } else {
    assert.ok(!response.body.includes(fragment), `${label}\nunexpected ${fragment}`);
  }
}

function assertPartial(actual: unknown, expected: unknown, label: string): void {
  if (typeof expected !== 'object' || expected === null) {
    assert.deepEqual(actual, expected, label);
    return;
  }
  assert.ok(typeof actual === 'object' && actual !== null, `${label}\nexpected an object`);
  for (const [key, value] of Object.entries(expected)) {
    assertPartial((actual as Record<string, unknown>)[key], value, `${label}\nat ${key}`);
  }
}
