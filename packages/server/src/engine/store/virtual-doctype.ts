import { PermissionError } from '../../core/errors/index.js';
import type { Meta } from '../../model/meta.js';
import type { Context } from '../context.js';
import type { Doc } from '../doc.js';
import { checkPermission } from '../permissions/has-permission.js';
import type { NormalizedListArgs } from '../query/list-args.js';
import { parseFilters } from '../query/parse-filters.js';
import { matchesConditions } from './virtual-filters.js';
import { virtualSourceOf } from './virtual-source.js';

/** Every document of a virtual DocType that the filters select, sorted (default `creation desc`); needs `read`. */
export async function listVirtual(
  ctx: Context,
  meta: Meta,
  args: Pick<NormalizedListArgs, 'filters' | 'orFilters' | 'orderBy'>,
): Promise<Doc[]> {
  if (!ctx.flags.ignorePermissions) await checkPermission(ctx, meta.name, 'read');
  const conditions = parseFilters(args.filters);
  const anyOf = parseFilters(args.orFilters);
  const docs = (await virtualSourceOf(ctx, meta).list(ctx, conditions)).filter(
    (doc) =>
      matchesConditions(doc, conditions) &&
      (anyOf.length === 0 || anyOf.some((condition) => matchesConditions(doc, [condition]))),
  );
  const [field = 'creation', direction = 'desc'] = (args.orderBy ?? 'creation desc')
    .replaceAll('`', '')
    .split(',')[0]!
    .trim()
    .split(/\s+/);
  const column = field.includes('.') ? field.slice(field.lastIndexOf('.') + 1) : field;
  const sign = direction.toLowerCase() === 'asc' ? 1 : -1;
  return docs.sort((a, b) => sign * String(a[column] ?? '').localeCompare(String(b[column] ?? '')));
}

/** One page of a virtual list in the shapes `get_list` answers (objects, `as_list`, `pluck`). */
export async function virtualListPage(
  ctx: Context,
  meta: Meta,
  args: NormalizedListArgs,
): Promise<Record<string, unknown>[] | unknown[][] | unknown[]> {
  const docs = await listVirtual(ctx, meta, args);
  const page = docs.slice(
    args.limitStart,
    args.pageLength === 0 ? undefined : args.limitStart + args.pageLength,
  );
  if (args.pluck !== null) return page.map((doc) => doc[args.pluck!] ?? null);
  const requested = args.fields
    .map((field) =>
      String(field)
        .replaceAll('`', '')
        .split(/\s+as\s+/i)[0]!
        .trim(),
    )
    .map((field) => (field.includes('.') ? field.slice(field.lastIndexOf('.') + 1) : field));
  const fields =
    requested.length === 0 || requested.includes('*')
      ? [...new Set(['name', ...page.flatMap((doc) => Object.keys(doc))])]
      : requested;
  if (args.asList) return page.map((doc) => fields.map((field) => doc[field] ?? null));
  return page.map((doc) => Object.fromEntries(fields.map((field) => [field, doc[field] ?? null])));
}

/** Deletes a virtual document through its source: needs `delete`; a source without `remove` refuses. */
export async function deleteVirtual(ctx: Context, meta: Meta, doc: Doc): Promise<void> {
  if (!ctx.flags.ignorePermissions) await checkPermission(ctx, meta.name, 'delete', doc);
  const source = virtualSourceOf(ctx, meta);
  if (source.remove === undefined)
    throw new PermissionError(`${meta.name} documents cannot be deleted`);
  await source.remove(ctx, doc);
}
