import { getDoc } from '../../engine/document.js';
import { hasPermission } from '../../engine/permissions/index.js';
import type { Site } from '../../engine/site.js';
import { withContext } from '../../engine/runtime/with-context.js';

/**
 * True when `user` may read the DocType, or the named document (which must
 * exist); false on any error, so a bad name from a client is a silent refusal.
 */
export async function userMayRead(
  site: Site,
  user: string,
  doctype: string,
  docname?: string,
): Promise<boolean> {
  if (!site.meta.has(doctype)) return false;
  try {
    return await withContext(
      site,
      user,
      async (ctx) => {
        if (docname === undefined) return hasPermission(ctx, doctype, 'read');
        await getDoc(ctx, doctype, docname);
        return true;
      },
      { readOnly: true },
    );
  } catch {
    return false;
  }
}
