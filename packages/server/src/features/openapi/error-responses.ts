import { ref, type JsonSchema } from './schema-types.js';

/** Frappe's v1 error body (docs/spec/api-rest-rpc.md §8.2). */
const ERROR: JsonSchema = {
  type: 'object',
  required: ['exc_type'],
  properties: {
    exc_type: { type: 'string', description: 'The error class, e.g. `ValidationError`.' },
    exception: { type: 'string', description: 'Only when tracebacks are allowed.' },
    exc: { type: 'string', description: 'JSON text of the traceback list; only when allowed.' },
    _exc_source: { type: 'string' },
    _error_message: { type: 'string' },
    _server_messages: { $ref: '#/components/schemas/ServerMessages' },
  },
};

/** v2's error body (§12.4). */
const V2_ERROR: JsonSchema = {
  type: 'object',
  required: ['errors'],
  properties: {
    errors: {
      type: 'array',
      items: {
        type: 'object',
        required: ['type'],
        properties: {
          type: { type: 'string' },
          message: {},
          title: { type: 'string' },
          indicator: { type: 'string' },
          exception: { type: 'string' },
        },
      },
    },
    messages: { type: 'array', items: { type: 'object' } },
  },
};

/** The error schemas and responses every operation refers to. */
export const ERROR_SCHEMAS: Record<string, JsonSchema> = {
  Error: ERROR,
  V2Error: V2_ERROR,
  ServerMessages: {
    type: 'string',
    description:
      'JSON text of a list of JSON texts, each a message object (`message`, `title`, `indicator`, …).',
  },
};

export const ERROR_RESPONSES: Record<string, JsonSchema> = {
  Error: {
    description: "Frappe's error envelope; `exc_type` names the error class.",
    content: { 'application/json': { schema: ref('schemas', 'Error') } },
  },
  V2Error: {
    description: 'The v2 error envelope.',
    content: { 'application/json': { schema: ref('schemas', 'V2Error') } },
  },
};

/** The error responses of a v1 (`Error`) or v2 (`V2Error`) operation. */
export function errorResponses(version: 'v1' | 'v2'): Record<string, JsonSchema> {
  return { '4XX': ref('responses', version === 'v1' ? 'Error' : 'V2Error') };
}
