import {
  DEFAULT_METHOD_VERBS,
  type ArgType,
  type HttpVerb,
  type MethodParam,
} from '../../engine/runtime/app-definition.js';
import { errorResponses } from './error-responses.js';
import { envelope, json, jsonBody } from './operation-parts.js';
import { GUEST_ALLOWED } from './security-schemes.js';
import type { DocumentParts, JsonSchema, PathItem } from './schema-types.js';
import type { DescribedMethod } from './site-methods.js';

/** How a declared argument type travels (`bool` is Frappe's sbool: also `"1"`, `"true"`). */
const ARG_SCHEMAS: Record<ArgType, JsonSchema> = {
  string: { type: 'string' },
  int: { type: 'integer' },
  float: { type: 'number' },
  bool: { type: 'boolean' },
  json: { description: 'A JSON value (JSON text in a query string or form).' },
  any: {},
};

/** An undeclared method takes any arguments: one query parameter per key of this object. */
const FREE_FORM_QUERY: JsonSchema = {
  name: 'args',
  in: 'query',
  required: false,
  description: 'The arguments, each as its own query parameter (the method declares none).',
  schema: { type: 'object', additionalProperties: true },
  style: 'form',
  explode: true,
};

/**
 * Adds `/api/method/{path}` for every method in `methods` the caller may
 * call (Guest: only `allowGuest` methods, marked as needing no
 * credentials). A GET takes the declared parameters from the query, the
 * other verbs from a JSON body; the answer is `{"message": …}` shaped by the
 * method's declared `returns`. A method with no declarations still gets a
 * valid operation that accepts and returns anything (API Server Scripts
 * among them).
 */
export function addMethodPaths(
  methods: readonly DescribedMethod[],
  isGuest: boolean,
  parts: DocumentParts,
): void {
  for (const method of methods) {
    if (isGuest && method.allowGuest !== true) continue;
    const item: PathItem = {};
    for (const verb of documentedVerbs(method))
      item[verb.toLowerCase()] = methodOperation(method, verb);
    parts.paths[`/api/method/${method.path}`] = item;
  }
}

/** GET and POST when allowed (PUT and DELETE behave like POST); otherwise whatever is. */
function documentedVerbs(method: DescribedMethod): HttpVerb[] {
  const allowed = method.methods ?? DEFAULT_METHOD_VERBS;
  const common = allowed.filter((verb) => verb === 'GET' || verb === 'POST');
  return common.length > 0 ? common : [...allowed];
}

function methodOperation(method: DescribedMethod, verb: HttpVerb): JsonSchema {
  const result = method.returns === undefined ? {} : { ...method.returns };
  const operation: JsonSchema = {
    operationId: `${verb.toLowerCase()}.${method.path}`,
    summary: method.summary ?? method.path,
    tags: [tagOf(method.path)],
    responses: {
      ...json('200', 'What the method returned', envelope('v1', { message: result }, [])),
      ...errorResponses('v1'),
    },
  };
  if (method.allowGuest === true) operation['security'] = [...GUEST_ALLOWED];
  const params = Object.entries(method.params ?? {});
  if (verb === 'GET')
    operation['parameters'] =
      method.params === undefined
        ? [FREE_FORM_QUERY]
        : params.map(([name, param]) => query(name, param));
  else {
    const required = params.some(([, param]) => param.optional !== true);
    operation['requestBody'] = { ...jsonBody(bodySchema(params)), required };
  }
  return operation;
}

/** `frappe.client.get_list` → `frappe.client`: the module groups its methods. */
function tagOf(path: string): string {
  const dot = path.lastIndexOf('.');
  return dot > 0 ? path.slice(0, dot) : 'Methods';
}

function schemaOf(param: MethodParam): JsonSchema {
  return { ...ARG_SCHEMAS[param.type], ...(param.schema ?? {}) };
}

function query(name: string, param: MethodParam): JsonSchema {
  const parameter: JsonSchema = {
    name,
    in: 'query',
    required: param.optional !== true,
    schema: schemaOf(param),
  };
  if (param.description !== undefined) parameter['description'] = param.description;
  if (param.example !== undefined) parameter['example'] = param.example;
  return parameter;
}

function bodySchema(params: ReadonlyArray<[string, MethodParam]>): JsonSchema {
  const properties: Record<string, JsonSchema> = {};
  for (const [name, param] of params) {
    const schema = schemaOf(param);
    if (param.description !== undefined) schema['description'] = param.description;
    if (param.example !== undefined) schema['examples'] = [param.example];
    properties[name] = schema;
  }
  const required = params.filter(([, param]) => param.optional !== true).map(([name]) => name);
  return { type: 'object', properties, ...(required.length > 0 ? { required } : {}) };
}
