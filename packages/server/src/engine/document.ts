/**
 * The document engine's operations, in Frappe's vocabulary. Each write runs
 * the step lists of `lifecycle.ts`.
 */
export { getDoc } from './operations/get-doc.js';
export {
  insertDoc,
  saveDoc,
  updateDoc,
  submitDoc,
  cancelDoc,
  setValue,
} from './operations/save-doc.js';
export { amendDoc } from './operations/amend-doc.js';
export { deleteDoc } from './operations/delete-doc.js';
export { renameDoc, type RenameOptions } from './operations/rename-doc.js';
export { getDecryptedPassword } from './store/passwords.js';
export { runDocMethod } from './operations/run-doc-method.js';
export { hasDocMethod, resolveDocMethod } from './runtime/base-doc-methods.js';
export { withContext, type WithContextOptions } from './runtime/with-context.js';
export { createAppRegistry } from './runtime/app-registry.js';
export { createDocEventBus } from './runtime/event-bus.js';
