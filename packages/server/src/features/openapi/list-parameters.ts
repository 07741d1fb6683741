import type { JsonSchema } from './schema-types.js';

/** One filter: `[field, operator, value]` or `[doctype, field, operator, value]`. */
const FILTER_ROW: JsonSchema = { type: 'array', minItems: 2, maxItems: 4 };

/** Frappe's filter forms: `{"field": value}`, `{"field": [op, value]}` or a list of rows. */
const FILTERS: JsonSchema = {
  anyOf: [
    { type: 'object', additionalProperties: true },
    { type: 'array', items: FILTER_ROW },
  ],
};

/** A query parameter carrying JSON text (`?fields=["name"]`). */
function jsonParameter(name: string, schema: JsonSchema, description: string, example: unknown) {
  return {
    name,
    in: 'query',
    required: false,
    description,
    content: { 'application/json': { schema, example } },
  };
}

function integerParameter(name: string, description: string, example: number) {
  return {
    name,
    in: 'query',
    required: false,
    description,
    schema: { type: 'integer', minimum: 0 },
    example,
  };
}

/**
 * The list parameters of `GET /api/resource/{doctype}` and
 * `GET /api/v2/document/{doctype}` (docs/spec/api-rest-rpc.md §4.1, §12.2), as
 * reusable components. JSON-valued ones are declared with their JSON form,
 * so clients send them JSON-encoded as Frappe expects.
 */
export const LIST_PARAMETERS: Record<string, JsonSchema> = {
  fields: jsonParameter(
    'fields',
    { type: 'array', items: { type: 'string' } },
    'Columns to return (default `["name"]`); `"*"`, child columns and aggregates such as `count(name) as n` are allowed.',
    ['*'],
  ),
  filters: jsonParameter(
    'filters',
    FILTERS,
    'Conditions AND-ed together: `{"status": "Open"}`, `{"qty": [">", 5]}` or `[["status", "=", "Open"]]`.',
    [['name', 'is', 'set']],
  ),
  or_filters: jsonParameter(
    'or_filters',
    FILTERS,
    'Conditions OR-ed together, in the same forms as `filters`.',
    [],
  ),
  order_by: {
    name: 'order_by',
    in: 'query',
    required: false,
    description: "SQL-like ordering, e.g. `modified desc` (default: the DocType's sort field).",
    schema: { type: 'string' },
    example: 'name asc',
  },
  limit_start: integerParameter('limit_start', 'Rows to skip.', 0),
  limit_page_length: integerParameter(
    'limit_page_length',
    'Rows per page (default 20; 0: all).',
    20,
  ),
  start: integerParameter('start', 'Rows to skip.', 0),
  limit: integerParameter('limit', 'Rows per page (default 20).', 20),
};

/** Parameter keys of the v1 list, in order. */
export const V1_LIST_PARAMETERS = [
  'fields',
  'filters',
  'or_filters',
  'order_by',
  'limit_start',
  'limit_page_length',
];

/** Parameter keys of the v2 list (no `or_filters`; `start`/`limit` page). */
export const V2_LIST_PARAMETERS = ['fields', 'filters', 'order_by', 'start', 'limit'];
