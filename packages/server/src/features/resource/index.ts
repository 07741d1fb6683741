/** The resource feature: the document operations behind `/api/resource` and `/api/v2/document`. */
export { runCountQuery, runListPage, runListQuery } from './list-runners.js';
export { expandDocLinks } from './expand-links.js';
export { insertBody, updateBody } from './doc-body.js';
export { omitNulls } from './omit-nulls.js';
export { assertDoctypeReadable, getReadableDoc, permittedView } from './read-guard.js';
export { deleteResource, insertResource, updateResource } from './operations.js';
