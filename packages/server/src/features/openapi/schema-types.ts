/**
 * A JSON Schema (2020-12, as OpenAPI 3.1 embeds it) or any other OpenAPI
 * object under construction. Plain JSON: the document is sent and cached
 * as built.
 */
export type JsonSchema = Record<string, unknown>;

/** An OpenAPI 3.1 Paths Object entry: operations by lower-case verb. */
export type PathItem = Record<string, JsonSchema>;

/** What the builders add to the document: paths and reusable components. */
export interface DocumentParts {
  readonly paths: Record<string, PathItem>;
  readonly schemas: Record<string, JsonSchema>;
}

/** A reference to a reusable component, e.g. `ref('responses', 'Error')`. */
export function ref(kind: string, name: string): JsonSchema {
  return { $ref: `#/components/${kind}/${name}` };
}

/** `schema`, also allowing `null` (stored values may be empty). */
export function nullable(schema: JsonSchema): JsonSchema {
  const result: JsonSchema = { ...schema };
  if (typeof schema['type'] === 'string') result['type'] = [schema['type'], 'null'];
  if (Array.isArray(schema['enum'])) result['enum'] = [...(schema['enum'] as unknown[]), null];
  return result;
}
