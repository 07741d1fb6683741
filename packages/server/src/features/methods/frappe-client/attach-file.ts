import { ValidationError } from '../../../core/errors/index.js';
import type { Context } from '../../../engine/context.js';
import type { Doc } from '../../../engine/doc.js';
import { getDoc, insertDoc, updateDoc } from '../../../engine/document.js';
import { checkPermission } from '../../../engine/permissions/index.js';
import { clientMethod, WRITE_VERBS } from './client-method.js';
import { omitNulls } from '../../resource/omit-nulls.js';
import { parseBool, requireString } from '../../../core/args/arg-values.js';

/**
 * `frappe.client.attach_file(filename, filedata, doctype, docname, folder,
 * decode_base64, is_private, docfield)`: a File with the given content
 * attached to a document, whose `docfield` then holds the file URL. Frappe
 * asks only for read on the document; we ask for write, since the document
 * is saved.
 */
async function attachFile(args: Record<string, unknown>, ctx: Context): Promise<Doc> {
  const doctype = requireString(args['doctype'], 'doctype');
  const docname = requireString(args['docname'], 'docname');
  const filedata = args['filedata'];
  if (typeof filedata !== 'string' || filedata === '') {
    throw new ValidationError('filedata is required');
  }
  const target = await getDoc(ctx, doctype, docname);
  await checkPermission(ctx, doctype, 'write', target);
  const docfield = typeof args['docfield'] === 'string' ? args['docfield'] : null;
  const file = await insertDoc(ctx, {
    doctype: 'File',
    file_name: args['filename'],
    attached_to_doctype: doctype,
    attached_to_name: docname,
    attached_to_field: docfield,
    folder: args['folder'] || undefined,
    is_private: parseBool(args['is_private'], 'is_private', false) ? 1 : 0,
    content: filedata,
    decode: parseBool(args['decode_base64'], 'decode_base64', false),
  });
  if (docfield !== null && docfield !== '') {
    await updateDoc(ctx, doctype, docname, { [docfield]: file.file_url });
  }
  return omitNulls(file);
}

export const attachFileMethod = clientMethod('attach_file', attachFile, WRITE_VERBS);
