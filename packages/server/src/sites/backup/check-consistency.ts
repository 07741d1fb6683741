import { getDoc } from '../../engine/document.js';
import type { Site } from '../../engine/site.js';
import { withContext } from '../../engine/runtime/with-context.js';
import type { Meta } from '../../model/meta.js';

/** What `checkSiteConsistency` found. */
export interface ConsistencyReport {
  /** Documents read whole (with their child rows) through the engine. */
  readonly documents: number;
  /** One line per problem; empty when the site is consistent. */
  readonly problems: readonly string[];
}

/**
 * Checks a (restored) site: every document of every stored DocType loads
 * through the engine, every child row's parent exists, and every naming
 * series counter is at least the highest number already used under its
 * prefix (else the next insert would collide with an existing name).
 */
export async function checkSiteConsistency(site: Site): Promise<ConsistencyReport> {
  const problems: string[] = [];
  const stored = site.meta.all().filter((meta) => !meta.is_virtual && !meta.issingle);
  const names = new Map<string, string[]>();
  for (const meta of stored) names.set(meta.name, await namesOf(site, meta));
  let documents = 0;
  await withContext(
    site,
    'Administrator',
    async (ctx) => {
      for (const meta of stored.filter((m) => !m.istable))
        for (const name of names.get(meta.name) ?? []) {
          try {
            await getDoc(ctx, meta.name, name);
            documents += 1;
          } catch (error) {
            problems.push(`${meta.name} ${name} cannot be read: ${(error as Error).message}`);
          }
        }
    },
    { readOnly: true },
  );
  for (const meta of stored.filter((m) => m.istable))
    problems.push(...(await orphans(site, meta, names)));
  problems.push(...(await seriesBehind(site, stored, names)));
  return { documents, problems };
}

async function namesOf(site: Site, meta: Meta): Promise<string[]> {
  const rows = (await site.db.kysely.selectFrom(meta.tableName).select('name').execute()) as {
    name: unknown;
  }[];
  return rows.map((row) => String(row.name));
}

async function orphans(site: Site, meta: Meta, names: Map<string, string[]>): Promise<string[]> {
  const rows = (await site.db.kysely
    .selectFrom(meta.tableName)
    .select(['name', 'parent', 'parenttype'])
    .execute()) as { name: string; parent: string | null; parenttype: string | null }[];
  const parents = new Map<string, Set<string>>();
  const problems: string[] = [];
  for (const row of rows) {
    const type = row.parenttype ?? '';
    let known = parents.get(type);
    if (known === undefined) {
      known = new Set(
        names.get(type) ??
          (site.meta.has(type) ? await namesOf(site, site.meta.getMeta(type)) : []),
      );
      parents.set(type, known);
    }
    if (!known.has(row.parent ?? ''))
      problems.push(
        `${meta.name} row ${row.name} points at missing parent ${type} ${row.parent ?? ''}`,
      );
  }
  return problems;
}

async function seriesBehind(
  site: Site,
  stored: readonly Meta[],
  names: Map<string, string[]>,
): Promise<string[]> {
  const counters = (await site.db.kysely
    .selectFrom('tabSeries')
    .select(['name', 'current'])
    .execute()) as { name: string; current: number | string }[];
  const problems: string[] = [];
  for (const { name: prefix, current } of counters) {
    if (prefix === '') continue;
    let highest = 0;
    let holder = '';
    for (const meta of stored.filter((m) => !m.istable))
      for (const name of names.get(meta.name) ?? []) {
        const rest = name.startsWith(prefix) ? name.slice(prefix.length) : '';
        if (/^\d+$/.test(rest) && Number(rest) > highest) [highest, holder] = [Number(rest), name];
      }
    if (Number(current) < highest)
      problems.push(`Series ${prefix} is at ${String(current)} but ${holder} exists`);
  }
  return problems;
}
