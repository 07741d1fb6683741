import type { WhitelistedMethod } from '../../../engine/runtime/app-definition.js';
import { attachFileMethod } from './attach-file.js';
import { bulkUpdateMethod } from './bulk-update.js';
import { deleteMethod } from './delete.js';
import { getMethod } from './get-doc.js';
import { getCountMethod, getListMethod } from './get-list.js';
import { getSingleValueMethod, getValueMethod } from './get-value.js';
import { insertManyMethod, insertMethod } from './insert.js';
import { getDocPermissionsMethod, hasPermissionMethod } from './permission-methods.js';
import { renameDocMethod } from './rename-doc.js';
import { cancelMethod, saveMethod, submitMethod } from './save.js';
import { setValueMethod } from './set-value.js';
import { validateLinkMethod } from './validate-link.js';

/**
 * Frappe's `frappe.client.*` whitelisted methods (docs/spec/api-rest-rpc.md §6.5), for
 * the method registry.
 */
export const frappeClientMethods: readonly WhitelistedMethod[] = [
  getListMethod,
  getCountMethod,
  getMethod,
  getValueMethod,
  getSingleValueMethod,
  setValueMethod,
  insertMethod,
  insertManyMethod,
  saveMethod,
  renameDocMethod,
  submitMethod,
  cancelMethod,
  deleteMethod,
  bulkUpdateMethod,
  hasPermissionMethod,
  getDocPermissionsMethod,
  validateLinkMethod,
  attachFileMethod,
];

export { insertClientDoc } from './insert.js';
export { callDocMethod, invokeDocMethod } from './run-doc-method.js';
