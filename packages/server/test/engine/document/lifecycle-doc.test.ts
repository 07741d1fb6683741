import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { LIFECYCLE } from '../../../src/engine/lifecycle.js';
import { sourceFile } from '../../helpers/source-tree.js';

/** The section of docs/lifecycle.md that describes each operation of `LIFECYCLE`. */
const SECTIONS: Record<keyof typeof LIFECYCLE, string> = {
  insert: 'Insert',
  update: 'Existing document',
  save: 'Existing document',
  submit: 'Existing document',
  cancel: 'Existing document',
  update_after_submit: 'Existing document',
  delete: 'Delete',
};

/** The text of the `## {title}` section, up to the next `## ` heading. */
function section(text: string, title: string): string {
  const start = text.search(new RegExp(`^## ${title}\\b`, 'm'));
  assert.ok(start >= 0, `docs/lifecycle.md has a "## ${title}" section`);
  const next = text.slice(start + 3).search(/^## /m);
  return next < 0 ? text.slice(start) : text.slice(start, start + 3 + next);
}

describe('docs/lifecycle.md', () => {
  const text = readFileSync(
    new URL('../../../../../docs/lifecycle.md', sourceFile(import.meta.url)),
    'utf8',
  );

  for (const [operation, steps] of Object.entries(LIFECYCLE)) {
    it(`names every step of ${operation}, in its section`, () => {
      const body = section(text, SECTIONS[operation as keyof typeof LIFECYCLE]);
      const missing = steps
        .map((step) => step.name)
        .filter((name) => !body.includes(`\`${name}\``));
      assert.deepEqual(missing, [], `steps of ${operation} missing from docs/lifecycle.md`);
    });
  }
});
