import type { FastifyInstance, FastifyRequest } from 'fastify';
import { PermissionError } from '../../../core/errors/index.js';
import { runCountQuery } from '../../../features/resource/index.js';
import type { Meta } from '../../../model/meta.js';
import { envelope, runForRequest } from '../../resource-request.js';

type DoctypeRequest = FastifyRequest<{ Params: { doctype: string } }>;

/** Meta keys that are our own indexes, not part of Frappe's DocType object. */
const INTERNAL_KEYS = new Set(['tableName', 'valueFields', 'tableFields', 'linkFields']);

/** Registers `/api/v2/doctype/{doctype}/meta` and `/count` (docs/spec/api-rest-rpc.md §12). */
export function registerV2DoctypeRoutes(app: FastifyInstance): void {
  app.get('/api/v2/doctype/:doctype/meta', meta);
  app.get('/api/v2/doctype/:doctype/count', count);
}

/** Any logged-in user may read a DocType's definition (role "All"); Guest may not. */
async function meta(request: DoctypeRequest): Promise<unknown> {
  const data = await runForRequest(request, async (ctx) => {
    if (!ctx.roles.has('All'))
      throw new PermissionError('Not permitted', { title: 'Not Permitted' });
    return metaObject(ctx.site.meta.getMeta(request.params.doctype));
  });
  return envelope(request, 'v2', { data });
}

async function count(request: DoctypeRequest): Promise<unknown> {
  const data = await runForRequest(request, (ctx, args) =>
    runCountQuery(ctx, request.params.doctype, args),
  );
  return envelope(request, 'v2', { data });
}

/** The DocType as Frappe sends it: `doctype: "DocType"`, flags as 0/1, fields and permissions as rows. */
export function metaObject(meta: Meta): Record<string, unknown> {
  const object: Record<string, unknown> = { doctype: 'DocType' };
  for (const [key, value] of Object.entries(meta)) {
    if (INTERNAL_KEYS.has(key) || typeof value === 'function') continue;
    object[key] = wireValue(value);
  }
  return object;
}

function wireValue(value: unknown): unknown {
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (Array.isArray(value)) return value.map(wireValue);
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, wireValue(inner)]));
  }
  return value;
}
