import { FileResponse, RedirectResponse } from '../../engine/runtime/special-response.js';
import { PythonError } from '../../platform/sandbox/sandbox-errors.js';
import type { ScriptOutcome } from '../../platform/sandbox/script-run.js';

/**
 * The file or redirect an API script asked for through `frappe.response.type`,
 * read from the keys Frappe's response builder reads: `filename`,
 * `filecontent`, `content_type`, `display_content_as` (`download`, `pdf`,
 * `binary`), `doctype` and `result` (`csv`, `txt`), `location` (`redirect`).
 * Undefined for a JSON answer. A key the type needs and the script left out
 * is a KeyError (500), as in Frappe.
 */
export function scriptSpecialResponse(
  outcome: ScriptOutcome,
): FileResponse | RedirectResponse | undefined {
  const response = outcome.response;
  const type = response['type'];
  const key = (name: string): string => {
    const value = response[name];
    if (value === undefined || value === null) throw new PythonError('KeyError', `'${name}'`);
    return typeof value === 'string' ? value : JSON.stringify(value);
  };
  switch (type) {
    case 'redirect':
      return new RedirectResponse(key('location'));
    case 'csv':
    case 'txt':
      return new FileResponse(type, `${key('doctype')}.${type}`, key('result'));
    case 'download':
    case 'pdf':
    case 'binary': {
      const content = key('filecontent');
      const inline = response['display_content_as'] === 'inline' ? 'inline' : 'attachment';
      const contentType = response['content_type'];
      return new FileResponse(
        type,
        key('filename'),
        outcome.filecontent_base64 === true ? Buffer.from(content, 'base64') : content,
        inline,
        typeof contentType === 'string' && contentType !== '' ? contentType : undefined,
      );
    }
    default:
      return undefined;
  }
}
