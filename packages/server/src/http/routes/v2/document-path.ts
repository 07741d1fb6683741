/** What a v2 document URL addresses once the name (which may contain `/`) is split off. */
export type DocumentTarget =
  | { readonly kind: 'document'; readonly name: string }
  | { readonly kind: 'copy'; readonly name: string }
  | { readonly kind: 'method'; readonly name: string; readonly method: string };

const METHOD_SUFFIX = /^(.+)\/method\/([^/]+)$/;
const COPY_SUFFIX = /^(.+)\/copy$/;

/**
 * Splits the rest of `/api/v2/document/{doctype}/…` into the name and the
 * sub-resource: `{name}/method/{method}`, `{name}/copy`, or the document.
 *
 * @example
 * documentTarget('SINV/0001/method/get_apps') // { kind: 'method', name: 'SINV/0001', method: 'get_apps' }
 */
export function documentTarget(path: string): DocumentTarget {
  const method = METHOD_SUFFIX.exec(path);
  if (method?.[1] !== undefined && method[2] !== undefined)
    return { kind: 'method', name: method[1], method: method[2] };
  const copy = COPY_SUFFIX.exec(path);
  if (copy?.[1] !== undefined) return { kind: 'copy', name: copy[1] };
  return { kind: 'document', name: path };
}
