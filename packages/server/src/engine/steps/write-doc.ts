import { DuplicateEntryError } from '../../core/errors/index.js';
import type { DocOperation } from '../operation.js';
import { writeChildren } from '../store/child-tables.js';
import { docToRow, insertRow, nameExists, updateRow } from '../store/doc-store.js';
import { hashName } from '../naming/make-name.js';
import { writeSingle } from '../store/singles.js';

const HASH_RETRIES = 5;

/**
 * The SQL write of a new document and its rows (§7.2 step 16). A taken name
 * is a `DuplicateEntryError`, except that hash names quietly draw a new hash
 * (up to five times, §6.5).
 */
export async function writeNewDoc(op: DocOperation): Promise<void> {
  if (op.meta.issingle) return writeSingle(op.ctx, op.meta, op.doc);
  if (op.doc.name !== undefined) await ensureFreeName(op);
  const name = await insertRow(op.ctx.uow, op.meta, docToRow(op.meta, op.doc));
  op.doc.name = name as string;
  await writeChildren(op, true);
}

/** The SQL write of an existing document: every column but `name`, then its rows (§7.3 steps 15–16). */
export async function writeDoc(op: DocOperation): Promise<void> {
  if (op.meta.issingle) return writeSingle(op.ctx, op.meta, op.doc);
  await updateRow(op.ctx.uow, op.meta, docToRow(op.meta, op.doc));
  await writeChildren(op);
}

async function ensureFreeName(op: DocOperation): Promise<void> {
  const isHash = op.meta.autoname === 'hash' || op.meta.autoname === '';
  for (let attempt = 0; await nameExists(op.ctx.uow, op.meta.tableName, op.doc.name); attempt++) {
    if (!isHash || attempt >= HASH_RETRIES) {
      throw new DuplicateEntryError(`${op.meta.name} ${String(op.doc.name)} already exists`, {
        title: 'Duplicate Name',
      });
    }
    op.doc.name = hashName();
  }
}
