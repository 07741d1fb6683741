/**
 * One OS process of the naming-series contract test: inserts `count` rows
 * named from `nextSeriesValue`, each in its own transaction.
 * Input: env `CORTADO_SERIES_WORKER` = JSON {config, sitePath, count, key, table}.
 */
import { connectDatabase } from '../../src/platform/db/connect.js';
import { nextSeriesValue } from '../../src/platform/db/series.js';

const { config, sitePath, count, key, table } = JSON.parse(
  process.env['CORTADO_SERIES_WORKER'] ?? '{}',
);
const db = await connectDatabase(config, sitePath);
try {
  for (let i = 0; i < count; i++) {
    await db.transaction(async (uow) => {
      const value = await nextSeriesValue(uow, key);
      await uow.db
        .insertInto(table)
        .values({ name: `${key}${value}`, value })
        .execute();
    });
  }
} finally {
  await db.close();
}
