import type { Kysely } from 'kysely';

/**
 * Row counts of `table` grouped by `column`, for each of `values` (0 for a
 * value with no rows), optionally narrowed by equality conditions. Table and
 * column names are the caller's constants, never user input.
 */
export async function countBy(
  db: Kysely<any>,
  table: string,
  column: string,
  values: readonly string[],
  where: Readonly<Record<string, string>> = {},
): Promise<Map<string, number>> {
  let query = db
    .selectFrom(table)
    .select([column, (eb) => eb.fn.countAll<number>().as('n')])
    .where(column, 'in', values);
  for (const [key, value] of Object.entries(where)) query = query.where(key, '=', value);
  const rows = (await query.groupBy(column).execute()) as Record<string, unknown>[];
  const counts = new Map(values.map((value) => [value, 0]));
  for (const row of rows) counts.set(String(row[column]), Number(row['n']));
  return counts;
}
