/**
 * `@cortado/client/codegen`: TypeScript types from DocType definitions, read
 * from files, a site, or any Frappe/Cortado site over its API.
 *
 * @example
 * import { fetchDocTypes, generateTypes } from '@cortado/client/codegen';
 */
export * from './generate-types.js';
export * from './fetch-doctypes.js';
