/**
 * `@cortado/client`: a typed, fetch-based client for Cortado and Frappe/ERPNext sites.
 *
 * @example
 * import { CortadoClient, DoesNotExistError } from '@cortado/client';
 * const erp = new CortadoClient({ url: 'https://erp.example.com', auth: { type: 'token', apiKey, apiSecret } });
 */
export * from './auth.js';
export * from './client.js';
export * from './doctypes.js';
export * from './errors.js';
export * from './frappe-errors.js';
export * from './query.js';
export * from './retry.js';
export type {
  HeaderHook,
  HttpRequest,
  HttpResponse,
  RawBody,
  RequestOptions,
  TransportConfig,
} from './transport.js';
export { send } from './transport.js';
export type { ServerMessage, FilterOperator } from '@cortado/protocol';
export { FILTER_OPERATORS } from '@cortado/protocol';
export * from './webhooks.js';
export * from './webhook-adapters.js';
export * from './frappe-shim.js';
export * from './oauth.js';
export * from './upload.js';
