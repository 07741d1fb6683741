import type { DocTypeJson } from '@cortado/protocol';
import type { CortadoClient } from '../client.js';

/** Options of {@link fetchDocTypes}. */
export interface FetchDocTypesOptions {
  /** Only these DocTypes (and the child tables they use); default every DocType the user can read. */
  readonly doctypes?: readonly string[];
  /** Only DocTypes of these modules. */
  readonly modules?: readonly string[];
  /** Requests in flight at once (default 4). */
  readonly concurrency?: number;
}

/**
 * Reads DocType definitions from any Frappe or Cortado site over its API,
 * for {@link generateTypes}. Child tables used by the chosen DocTypes are
 * always included.
 *
 * @example
 * const doctypes = await fetchDocTypes(new CortadoClient({ url, auth }), { modules: ['Accounts'] });
 */
export async function fetchDocTypes(
  client: CortadoClient<object>,
  options: FetchDocTypesOptions = {},
): Promise<DocTypeJson[]> {
  let wanted = options.doctypes;
  if (wanted === undefined) {
    const filters =
      options.modules === undefined ? undefined : [['module', 'in', options.modules] as const];
    const rows = await client.getList<'DocType', { name: string }>('DocType', {
      fields: ['name'],
      ...(filters === undefined ? {} : { filters }),
      limit: 0,
    });
    wanted = rows.map((row) => row.name);
    // Frappe and Cortado list every DocType to a user who may read DocType records;
    // an empty list means no such right (or no DocType in the modules), not an empty site.
    if (wanted.length === 0)
      throw new Error(
        'The site lists no DocTypes to this user (reading DocType needs System Manager): name the ones you need',
      );
  }
  const found = new Map<string, DocTypeJson>();
  let queue = [...new Set(wanted)];
  while (queue.length > 0) {
    const batch = await mapLimited(queue, options.concurrency ?? 4, (name) => client.getMeta(name));
    for (const meta of batch) found.set(meta.name, meta);
    queue = [
      ...new Set(
        batch.flatMap((meta) =>
          (meta.fields ?? [])
            .filter(
              (field) => field.fieldtype === 'Table' || field.fieldtype === 'Table MultiSelect',
            )
            .map((field) => String(field.options ?? ''))
            .filter((child) => child !== '' && !found.has(child)),
        ),
      ),
    ];
  }
  return [...found.values()];
}

async function mapLimited<T, R>(
  items: readonly T[],
  limit: number,
  task: (item: T) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await task(items[index] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
