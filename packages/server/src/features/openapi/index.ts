export { buildOpenApiDocument, OPENAPI_VERSION } from './build-document.js';
export { openApiDocument, forgetOpenApiDocuments } from './document-cache.js';
export { siteMethods, type ApiScriptMethod, type DescribedMethod } from './site-methods.js';
export type { JsonSchema } from './schema-types.js';
