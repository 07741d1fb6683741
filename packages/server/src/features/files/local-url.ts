import { PermissionError, ValidationError } from '../../core/errors/index.js';
import type { Context } from '../../engine/context.js';
import type { Doc } from '../../engine/doc.js';
import { fileNameOfUrl } from './file-name.js';
import { fileTypeOf } from './mime.js';
import { canReadFileUrl } from './file-access.js';
import { keyOfUrl, siteStorage, urlOf } from './site-storage.js';

/**
 * A new File row for bytes already stored (`file_url=/files/x` or
 * `/private/files/x`): the URL must name one stored object, and a private
 * one only someone who can already read it may reference (v16's rule).
 */
export async function registerLocalUrl(ctx: Context, doc: Doc, url: string): Promise<void> {
  const key = keyOfUrl(safeDecode(url));
  if (key === null) throw new ValidationError("The File URL you've entered is incorrect");
  const stored = await (await siteStorage(ctx.site)).stat(key);
  if (stored === null) throw new ValidationError(`File ${urlOf(key)} does not exist`);
  if (key.area === 'private' && !(await canReadFileUrl(ctx, urlOf(key)))) {
    throw new PermissionError('You do not have permission to access this file');
  }
  const sibling = await ctx.uow.db
    .selectFrom('tabFile')
    .select(['content_hash'])
    .where('file_url', '=', urlOf(key))
    .executeTakeFirst();
  Object.assign(doc, {
    file_url: urlOf(key),
    is_private: key.area === 'private' ? 1 : 0,
    file_name: doc.file_name || fileNameOfUrl(urlOf(key)),
    file_size: stored.size,
    content_hash: sibling?.content_hash ?? null,
  });
  doc.file_type = fileTypeOf(String(doc.file_name));
}

function safeDecode(url: string): string {
  try {
    return decodeURIComponent(url);
  } catch {
    return url;
  }
}
