import type { Meta } from '../../model/meta.js';
import { CHILD_FIELDNAMES, STANDARD_FIELDNAMES } from '../../model/standard-fieldnames.js';
import type { Doc } from '../doc.js';
import { docToRow, insertRow } from './doc-store.js';
import { hashName } from '../naming/make-name.js';
import type { DocOperation } from '../operation.js';

type Change = [string, unknown, unknown];
/** A row's keys that say nothing about its content: stamps and its place (not its `name`). */
const ROW_IGNORED = new Set<string>([
  ...STANDARD_FIELDNAMES.filter((fieldname) => fieldname !== 'name'),
  ...CHILD_FIELDNAMES,
  'doctype',
  '__islocal',
]);

/** The `Version.data` diff of two states of a document (§14). */
export function diffDocs(
  meta: Meta,
  before: Doc,
  after: Doc,
  childMeta: (doctype: string) => Meta,
) {
  const changed: Change[] = diffFields(meta, before, after);
  const added: [string, Doc][] = [];
  const removed: [string, Doc][] = [];
  const rowChanged: [string, number, unknown, Change[]][] = [];
  for (const field of meta.tableFields) {
    const old = new Map(
      ((before[field.fieldname] as Doc[] | undefined) ?? []).map((row) => [row.name, row]),
    );
    const rows = (after[field.fieldname] as Doc[] | undefined) ?? [];
    for (const [index, row] of rows.entries()) {
      const previous = old.get(row.name);
      old.delete(row.name);
      if (!previous) added.push([field.fieldname, row]);
      else {
        const changes = diffFields(childMeta(field.options), previous, row);
        if (changes.length) rowChanged.push([field.fieldname, index, row.name, changes]);
      }
    }
    for (const row of old.values()) removed.push([field.fieldname, row]);
  }
  return {
    changed,
    added,
    removed,
    row_changed: rowChanged,
    data_import: null,
    updater_reference: null,
  };
}

function diffFields(meta: Meta, before: Doc, after: Doc): Change[] {
  const changes: Change[] = [];
  for (const field of meta.valueFields) {
    if (ROW_IGNORED.has(field.fieldname)) continue;
    const old = before[field.fieldname] ?? null;
    const now = after[field.fieldname] ?? null;
    if (String(old ?? '') !== String(now ?? '')) changes.push([field.fieldname, old, now]);
  }
  return changes;
}

/**
 * Writes a `Version` row after a save of a `track_changes` DocType when
 * something changed; inserts write none (§14).
 */
export async function recordVersion(op: DocOperation): Promise<void> {
  const registry = op.ctx.site.meta;
  if (
    !op.meta.track_changes ||
    op.isNew ||
    !op.before ||
    op.meta.name === 'Version' ||
    !registry.has('Version')
  )
    return;
  const data = diffDocs(op.meta, op.before, op.doc, (doctype) => registry.getMeta(doctype));
  if (
    !data.changed.length &&
    !data.added.length &&
    !data.removed.length &&
    !data.row_changed.length
  )
    return;
  const versionMeta = registry.getMeta('Version');
  const version: Doc = {
    doctype: 'Version',
    name: hashName(),
    owner: op.ctx.user,
    creation: op.doc.modified,
    modified: op.doc.modified,
    modified_by: op.ctx.user,
    docstatus: 0,
    idx: 0,
    ref_doctype: op.meta.name,
    docname: op.doc.name,
    data: JSON.stringify(data),
  };
  await insertRow(op.ctx.uow, versionMeta, docToRow(versionMeta, version));
}
