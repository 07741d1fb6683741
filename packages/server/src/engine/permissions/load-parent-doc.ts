import type { Meta } from '../../model/meta.js';
import type { Context } from '../context.js';
import type { Doc } from '../doc.js';

/**
 * The stored parent document of a child row, with its child rows, as far as
 * a permission check needs it (owner, name, Link values). Read straight from
 * the tables: going through `getDoc` would check permissions again.
 */
export async function loadParentDoc(ctx: Context, parentMeta: Meta, name: string): Promise<Doc | null> {
  const row = await ctx.uow.db.selectFrom(parentMeta.tableName).selectAll().where('name', '=', name).executeTakeFirst();
  if (row === undefined) return null;
  const doc: Doc = { ...row, doctype: parentMeta.name };
  for (const table of parentMeta.tableFields) {
    if (!ctx.site.meta.has(table.options)) continue;
    doc[table.fieldname] = await ctx.uow.db
      .selectFrom(ctx.site.meta.getMeta(table.options).tableName)
      .selectAll()
      .where('parent', '=', name)
      .where('parenttype', '=', parentMeta.name)
      .where('parentfield', '=', table.fieldname)
      .orderBy('idx')
      .execute();
  }
  return doc;
}
