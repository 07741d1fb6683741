import type { Context } from '../../engine/context.js';
import { getRolePermissions } from '../../engine/permissions/index.js';
import type { Rights } from '../../engine/permissions/rights.js';
import type { Meta, PermissionType } from '../../model/meta.js';
import type { ComponentNames } from './component-names.js';
import { readSchema, writeSchema } from './doctype-schemas.js';
import { errorResponses } from './error-responses.js';
import { V1_LIST_PARAMETERS, V2_LIST_PARAMETERS } from './list-parameters.js';
import { envelope, json, jsonBody } from './operation-parts.js';
import { ref, type DocumentParts, type JsonSchema, type PathItem } from './schema-types.js';

type Version = 'v1' | 'v2';

const PREFIXES: Record<Version, string> = { v1: '/api/resource', v2: '/api/v2/document' };

const NAME_PARAMETER: JsonSchema = {
  name: 'name',
  in: 'path',
  required: true,
  description: 'The document name.',
  schema: { type: 'string' },
};

/** Context of one DocType's paths. */
interface DocTypeScope {
  readonly ctx: Context;
  readonly meta: Meta;
  readonly key: string;
  readonly may: (ptype: PermissionType) => boolean;
}

/**
 * Adds the REST paths of every DocType the caller may read or select
 * (`/api/resource/{doctype}[/{name}]` and `/api/v2/document/…`) with the
 * operations the caller's rights allow, and the DocType's read and write
 * schemas as components. Child DocTypes appear inside their parents only.
 */
export function addResourcePaths(ctx: Context, names: ComponentNames, parts: DocumentParts): void {
  const metas = ctx.site.meta
    .all()
    .filter((meta) => !meta.istable)
    .sort((a, b) => (a.name < b.name ? -1 : 1));
  for (const meta of metas) {
    const may = rightsOf(ctx, meta);
    if (!may('read') && !may('select')) continue;
    const scope: DocTypeScope = { ctx, meta, key: names.keyOf(meta.name), may };
    addSchemas(scope, parts);
    for (const version of ['v1', 'v2'] as const) addPaths(scope, version, parts);
  }
}

/** The caller's rights; a right given through if-owner rows counts (it applies to own documents). */
function rightsOf(ctx: Context, meta: Meta): (ptype: PermissionType) => boolean {
  const { rights, ifOwner } = getRolePermissions(ctx, meta);
  return (ptype) => rights[ptype as keyof Rights] || ifOwner[ptype] !== undefined;
}

function addSchemas({ ctx, meta, key, may }: DocTypeScope, parts: DocumentParts): void {
  parts.schemas[key] = readSchema(ctx, meta);
  if (may('create') && !meta.issingle)
    parts.schemas[`${key}.create`] = writeSchema(ctx, meta, 'create');
  if (may('write')) parts.schemas[`${key}.update`] = writeSchema(ctx, meta, 'update');
}

function addPaths(scope: DocTypeScope, version: Version, parts: DocumentParts): void {
  const { meta, may } = scope;
  const base = `${PREFIXES[version]}/${encodeURIComponent(meta.name)}`;
  if (meta.issingle) {
    const item: PathItem = {};
    if (may('read')) item['get'] = getOperation(scope, version, 'get_single');
    if (may('write')) item['put'] = updateOperation(scope, version, 'update_single');
    if (Object.keys(item).length > 0)
      parts.paths[`${base}/${encodeURIComponent(meta.name)}`] = item;
    return;
  }
  const list: PathItem = { get: listOperation(scope, version) };
  if (may('create')) list['post'] = insertOperation(scope, version);
  parts.paths[base] = list;
  if (version === 'v2')
    parts.paths[`/api/v2/doctype/${encodeURIComponent(meta.name)}/count`] = {
      get: countOperation(scope),
    };
  const item: PathItem = {};
  if (may('read')) item['get'] = getOperation(scope, version, 'get');
  if (may('write')) item['put'] = updateOperation(scope, version, 'update');
  // v2 takes PATCH for the same merge-and-save (docs/spec/api-rest-rpc.md §12.1).
  if (may('write') && version === 'v2') item['patch'] = updateOperation(scope, version, 'patch');
  if (may('delete')) item['delete'] = deleteOperation(scope, version);
  if (Object.keys(item).length > 0) {
    item['parameters'] = [NAME_PARAMETER] as unknown as JsonSchema;
    parts.paths[`${base}/{name}`] = item;
  }
}

function operation(
  scope: DocTypeScope,
  version: Version,
  action: string,
  summary: string,
  success: Record<string, JsonSchema>,
): JsonSchema {
  return {
    operationId: `${version}.${action}.${scope.key}`,
    summary,
    tags: [scope.meta.module || 'Other'],
    responses: { ...success, ...errorResponses(version) },
  };
}

function listOperation(scope: DocTypeScope, version: Version): JsonSchema {
  const rows = { type: 'array', items: ref('schemas', scope.key) };
  const body: JsonSchema =
    version === 'v1'
      ? envelope(version, { data: rows })
      : envelope(version, { data: rows, has_next_page: { type: 'boolean' } });
  const names = version === 'v1' ? V1_LIST_PARAMETERS : V2_LIST_PARAMETERS;
  return {
    ...operation(scope, version, 'list', `List ${scope.meta.name}`, json('200', 'The rows', body)),
    parameters: names.map((name) => ref('parameters', name)),
  };
}

function insertOperation(scope: DocTypeScope, version: Version): JsonSchema {
  return {
    ...operation(
      scope,
      version,
      'insert',
      `Create a ${scope.meta.name}`,
      json('200', 'The inserted document', envelope(version, { data: ref('schemas', scope.key) })),
    ),
    requestBody: jsonBody(ref('schemas', `${scope.key}.create`)),
  };
}

/** `action` keeps operation ids unique: `get` or `get_single`. */
function getOperation(scope: DocTypeScope, version: Version, action: string): JsonSchema {
  const doc = envelope(version, { data: ref('schemas', scope.key) });
  return operation(
    scope,
    version,
    action,
    `Read a ${scope.meta.name}`,
    json('200', 'The document', doc),
  );
}

/** `action`: `update`, `update_single` or `patch`. */
function updateOperation(scope: DocTypeScope, version: Version, action: string): JsonSchema {
  const doc = envelope(version, { data: ref('schemas', scope.key) });
  return {
    ...operation(
      scope,
      version,
      action,
      `Update a ${scope.meta.name}`,
      json('200', 'The saved document', doc),
    ),
    requestBody: jsonBody(ref('schemas', `${scope.key}.update`)),
  };
}

/** `GET /api/v2/doctype/{doctype}/count` (§12.2): how many rows the caller may see match. */
function countOperation(scope: DocTypeScope): JsonSchema {
  const count = envelope('v2', { data: { type: 'integer', minimum: 0 } });
  return {
    ...operation(scope, 'v2', 'count', `Count ${scope.meta.name}`, json('200', 'The count', count)),
    parameters: [ref('parameters', 'filters')],
  };
}

function deleteOperation(scope: DocTypeScope, version: Version): JsonSchema {
  const ok = envelope(version, { data: { const: 'ok' } });
  return operation(
    scope,
    version,
    'delete',
    `Delete a ${scope.meta.name}`,
    json('202', 'Deleted', ok),
  );
}
