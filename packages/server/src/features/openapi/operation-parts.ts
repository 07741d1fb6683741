import { ref, type JsonSchema } from './schema-types.js';

/**
 * A success body: the given keys (all present) and the request's message
 * log, `_server_messages` (v1) or `messages` (v2).
 */
export function envelope(
  version: 'v1' | 'v2',
  properties: Record<string, JsonSchema>,
  required: readonly string[] = Object.keys(properties),
): JsonSchema {
  const log: JsonSchema =
    version === 'v1'
      ? { _server_messages: ref('schemas', 'ServerMessages') }
      : { messages: { type: 'array', items: { type: 'object' } } };
  const schema: JsonSchema = { type: 'object', properties: { ...properties, ...log } };
  if (required.length > 0) schema['required'] = [...required];
  return schema;
}

/** A JSON response under `status`. */
export function json(
  status: string,
  description: string,
  schema: JsonSchema,
): Record<string, JsonSchema> {
  return { [status]: { description, content: { 'application/json': { schema } } } };
}

/** A required JSON request body. */
export function jsonBody(schema: JsonSchema): JsonSchema {
  return { required: true, content: { 'application/json': { schema } } };
}
