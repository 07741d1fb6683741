import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { it } from 'node:test';
import { renderConfigDoc } from '../../src/core/config/config-doc.js';
import { sourceFile } from '../helpers/source-tree.js';

it('docs/configuration.md matches core/config/defaults.ts (run `npm run docs:config`)', () => {
  const committed = readFileSync(
    new URL('../../../../docs/configuration.md', sourceFile(import.meta.url)),
    'utf8',
  );
  assert.equal(committed, renderConfigDoc());
});
