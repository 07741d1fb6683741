import { docTypeJsonFromDoc } from '../../model/docfields-from-doc.js';
import { loadMeta } from '../../model/load-meta.js';
import type { Meta } from '../../model/meta.js';
import type { Context } from '../context.js';
import { loadDoc } from '../store/doc-store.js';

/** Names of the DocTypes defined by the site's apps; the API never replaces these. */
export function appDocTypeNames(ctx: Context): ReadonlySet<string> {
  return new Set(ctx.site.apps.apps.flatMap((app) => app.doctypes.map((doctype) => doctype.name)));
}

/**
 * Reads every custom DocType stored in `tabDocType` (with its fields and
 * permissions) and makes the site's registry match: new and changed ones are
 * set, deleted ones dropped. A stored definition that no longer loads (say a
 * Link to an app that was removed) is logged and left out instead of keeping
 * the whole site from opening.
 */
export async function reloadCustomDocTypes(ctx: Context): Promise<void> {
  const docTypeMeta = ctx.site.meta.getMeta('DocType');
  const rows = await ctx.uow.db
    .selectFrom(docTypeMeta.tableName)
    .select('name')
    .where('custom', '=', 1)
    .execute();
  const standard = appDocTypeNames(ctx);
  const loaded = new Set<string>();
  for (const { name } of rows) {
    if (standard.has(String(name))) continue;
    const meta = await loadStoredMeta(ctx, String(name));
    if (meta === null) continue;
    ctx.site.meta.set(meta);
    loaded.add(meta.name);
  }
  for (const meta of ctx.site.meta.all()) {
    if (meta.custom && !standard.has(meta.name) && !loaded.has(meta.name))
      ctx.site.meta.delete(meta.name);
  }
}

async function loadStoredMeta(ctx: Context, name: string): Promise<Meta | null> {
  const doc = await loadDoc(ctx, ctx.site.meta.getMeta('DocType'), name);
  if (doc === null) return null;
  try {
    return loadMeta(docTypeJsonFromDoc(doc));
  } catch (error) {
    console.error(`custom DocType ${name} could not be loaded`, error);
    return null;
  }
}
