import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { EXC_TYPES } from '@cortado/protocol';
import { sourceFile } from '../../helpers/source-tree.js';

/** `| \`Name\` | 417 | \`Parent\` | … |` rows of docs/errors.md. */
function documentedRows(): Map<string, { status: number; parent: string | null }> {
  const text = readFileSync(
    new URL('../../../../../docs/errors.md', sourceFile(import.meta.url)),
    'utf8',
  );
  const rows = new Map<string, { status: number; parent: string | null }>();
  for (const match of text.matchAll(/^\| `(\w+)` \| (\d+) \| (?:`(\w+)`|—) \|/gm)) {
    rows.set(match[1] ?? '', { status: Number(match[2]), parent: match[3] ?? null });
  }
  return rows;
}

describe('docs/errors.md', () => {
  const documented = documentedRows();
  const table = EXC_TYPES as Record<string, { status: number; parent: string | null }>;

  it('documents every exc_type with its status and parent', () => {
    for (const [name, entry] of Object.entries(table)) {
      assert.deepEqual(
        documented.get(name),
        { status: entry.status, parent: entry.parent },
        `row for ${name}`,
      );
    }
  });

  it('documents nothing the code does not define', () => {
    for (const name of documented.keys())
      assert.ok(name in table, `docs/errors.md lists unknown exc_type ${name}`);
  });
});
