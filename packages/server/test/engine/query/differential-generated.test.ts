import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import type { Context } from '../../../src/engine/context.js';
import { getCount, getList } from '../../../src/engine/query/index.js';
import { DIALECTS } from '../../helpers/dialects.js';
import { byKey, createComparer, outcome } from './differential-compare.js';
import { queriesOf } from './generated-queries.js';
import { createGeneratedWorld, MAIN, worldSpec, type WorldSpec } from './generated-world.js';
import type { QueryWorld } from './query-fixtures.js';

/*
 * Differential testing over generated DocTypes: fast-check draws a world
 * (a main DocType with random fields, a Link target, a child table, and
 * their rows), builds it on every database, then runs generated list,
 * group and count queries there — link and child columns in fields,
 * filters, or_filters, order_by, group_by and aggregates. Every database
 * must give the same rows in the same order, or the same error.
 * `CORTADO_DIFF_WORLDS` (default 2) and `CORTADO_DIFF_RUNS` (list queries
 * per world, default 100; half as many group and count queries) widen a
 * run; `CORTADO_DIFF_SEED` replays one.
 */

const WORLDS = Number(process.env['CORTADO_DIFF_WORLDS'] ?? 2);
const RUNS = Number(process.env['CORTADO_DIFF_RUNS'] ?? 100);
const SEED = Number(process.env['CORTADO_DIFF_SEED'] ?? 7);

const specs = fc.sample(worldSpec, { numRuns: WORLDS, seed: SEED });

describe(`generated DocTypes give the same answers on ${DIALECTS.join(', ')}`, () => {
  const comparer = createComparer();
  let queries = 0;
  after(() => {
    console.log(
      `differential (generated): ${WORLDS} worlds, ${queries} queries, ${comparer.disagreements} disagreements`,
    );
  });

  for (const [index, spec] of specs.entries()) describeWorld(index, spec);

  function describeWorld(index: number, spec: WorldSpec): void {
    const shape = spec.main.map((field) => field.fieldtype).join(', ');
    describe(`world ${index}: ${shape}`, () => {
      const worlds: QueryWorld[] = [];
      const arbitraries = queriesOf(spec);
      before(async () => {
        for (const dialect of DIALECTS) worlds.push(await createGeneratedWorld(dialect, spec));
      });
      after(async () => {
        for (const world of worlds) await world.drop();
      });

      const everywhere = (fn: (ctx: Context) => Promise<unknown>) => {
        queries += 1;
        return Promise.all(worlds.map((world) => outcome(() => world.as('Administrator', [], fn))));
      };
      const property = (
        arbitrary: fc.Arbitrary<Record<string, unknown>>,
        run: (query: Record<string, unknown>) => (ctx: Context) => Promise<unknown>,
        normalize?: (rows: unknown) => unknown,
      ) =>
        fc.asyncProperty(arbitrary, async (query) => {
          const outcomes = await everywhere(run(query));
          comparer.compare(JSON.stringify(query), outcomes, normalize);
        });
      const options = (runs: number) => ({ numRuns: runs, seed: SEED + index, endOnFailure: true });

      it('lists: same rows in the same order', () =>
        fc.assert(
          property(arbitraries.list, (query) => (ctx) => getList(ctx, MAIN, query)),
          options(RUNS),
        ));

      it('groups and aggregates: same groups and values', () =>
        fc.assert(
          property(arbitraries.group, (query) => (ctx) => getList(ctx, MAIN, query), byKey),
          options(RUNS / 2),
        ));

      it('counts: same numbers', () =>
        fc.assert(
          property(arbitraries.count, (query) => (ctx) => getCount(ctx, MAIN, query)),
          options(RUNS / 2),
        ));
    });
  }
});
