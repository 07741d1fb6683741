import type { DocOperation } from '../operation.js';
import { nameChildRows } from '../store/child-tables.js';
import { makeName } from '../naming/make-name.js';
import { runDocEvent } from '../runtime/run-doc-event.js';

/**
 * Names a new document (§6.1): `before_naming` runs first, then the naming
 * rule; child rows are named after the parent and pointed at it.
 */
export async function setName(op: DocOperation): Promise<void> {
  await runDocEvent(op.ctx, 'before_naming', op.doc, null, { inInsert: true });
  const name = await makeName(op.ctx, op.meta, op.doc);
  if (name === null) delete op.doc.name;
  else op.doc.name = name;
  delete op.doc.__newname;
  await nameChildRows(op);
}
