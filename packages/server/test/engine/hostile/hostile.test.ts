import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DIALECTS } from '../../helpers/dialects.js';
import {
  openHostileWorld,
  rejectsWith,
  runCase,
  snapshot,
  type HostileCase,
  type HostileWorld,
} from './hostile-world.js';
import { LIFECYCLE_CASES } from './lifecycle-cases.js';
import { QUERY_CASES } from './query-cases.js';
import { VALUE_CASES } from './value-cases.js';

const CASES: HostileCase[] = [...VALUE_CASES, ...QUERY_CASES, ...LIFECYCLE_CASES];

test('the suite holds at least 300 distinct cases', () => {
  assert.ok(CASES.length >= 300, `only ${CASES.length} cases`);
  assert.equal(
    new Set(CASES.map((c) => c.label)).size,
    CASES.length,
    'case labels must be distinct',
  );
});

for (const dialect of DIALECTS) {
  describe(`hostile engine input on ${dialect}`, () => {
    let world: HostileWorld;
    before(async () => {
      world = await openHostileWorld(dialect);
    });
    after(() => world?.test.drop());

    for (const hostile of CASES) {
      test(`${hostile.label} → ${hostile.excType}`, async () => {
        const before = await snapshot(world.site);
        await rejectsWith(runCase(world, hostile), hostile.excType);
        assert.deepEqual(await snapshot(world.site), before, 'the database changed');
      });
    }
  });
}
