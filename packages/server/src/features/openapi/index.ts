export { buildOpenApiDocument, OPENAPI_VERSION } from './build-document.js';
export { openApiDocument, forgetOpenApiDocuments } from './document-cache.js';
export { siteMethods } from './site-methods.js';
export type { JsonSchema } from './schema-types.js';
