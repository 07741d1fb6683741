import { forgetShares } from './steps/forget-shares.js';
import type { DocOperation, Step } from './operation.js';
import { normalizeTables, resolveChildRows, nameChildRows } from './store/child-tables.js';
import { forgetPasswords, storePasswords } from './store/passwords.js';
import { recordVersion } from './store/versions.js';
import { applyDefaults } from './steps/apply-defaults.js';
import { applyUserPermissionDefaults } from './steps/user-permission-defaults.js';
import { applyUserDefaults } from './steps/user-defaults.js';
import { applyChildDocstatus, decideAction, normalizeDocstatus } from './steps/check-docstatus.js';
import { checkConcurrency } from './steps/check-concurrency.js';
import { checkActionPermission, requirePermission } from './steps/check-permissions.js';
import { coerceFields } from './steps/coerce-fields.js';
import {
  checkCancelLinks,
  checkDeleteLinks,
  rejectSubmitted,
  removeRows,
  revertSeriesIfLast,
  storeDeletedDocument,
} from './steps/remove-doc.js';
import { guardFieldLevels } from './steps/guard-field-levels.js';
import { keepTreePosition, leaveNestedSet, updateNestedSet } from './steps/nested-set.js';
import { hook, runAfterSave, runBeforeSave } from './steps/run-hooks.js';
import { setName } from './steps/set-name.js';
import { setTimestamps } from './steps/set-timestamps.js';
import {
  syncAutonameField,
  validateConstants,
  validateUpdateAfterSubmit,
} from './steps/validate-constants.js';
import { validateLinks } from './steps/validate-links.js';
import { validateMandatory } from './steps/validate-mandatory.js';
import { validateUnique } from './steps/validate-unique.js';
import { validateValues } from './steps/validate-values.js';
import { writeDoc, writeNewDoc } from './steps/write-doc.js';

/** Built-in validations of §9.1, for the parent and then every row. */
const VALIDATIONS: readonly Step[] = [
  coerceFields,
  syncAutonameField,
  validateMandatory,
  validateValues,
  validateUnique,
];

/** Save and submit of a draft (§7.3, §7.4). */
const SAVE_STEPS: readonly Step[] = [
  nameChildRows,
  guardFieldLevels,
  validateLinks,
  runBeforeSave,
  ...VALIDATIONS,
  validateConstants,
  applyChildDocstatus,
  storePasswords,
  keepTreePosition,
  writeDoc,
  updateNestedSet,
  runAfterSave,
  recordVersion,
  hook('on_change'),
];

/**
 * The document lifecycle, one list of named steps per operation, in
 * Frappe's order (docs/spec/document-model.md §7). `update` is the common prelude of
 * every write to an existing document; it decides the action, whose own
 * list then runs. Read a column top to bottom to see what an action does.
 */
export const LIFECYCLE = {
  insert: [
    normalizeTables,
    // The user's default record wins over a static default, as in Frappe's new_doc.
    applyUserPermissionDefaults,
    applyUserDefaults,
    applyDefaults,
    coerceFields,
    setTimestamps,
    normalizeDocstatus,
    decideAction,
    checkActionPermission,
    validateLinks,
    requirePermission('create'),
    hook('before_insert'),
    setName,
    guardFieldLevels,
    runBeforeSave,
    ...VALIDATIONS,
    applyChildDocstatus,
    storePasswords,
    keepTreePosition,
    writeNewDoc,
    updateNestedSet,
    hook('after_insert'),
    runAfterSave,
    recordVersion,
    hook('on_change'),
  ],
  update: [
    requirePermission('write'),
    checkConcurrency,
    normalizeTables,
    resolveChildRows,
    applyDefaults,
    coerceFields,
    setTimestamps,
    normalizeDocstatus,
    decideAction,
    checkActionPermission,
  ],
  save: SAVE_STEPS,
  // Same steps: `runBeforeSave`/`runAfterSave` pick submit's hooks from the action.
  submit: SAVE_STEPS,
  cancel: [
    nameChildRows,
    runBeforeSave,
    applyChildDocstatus,
    writeDoc,
    runAfterSave,
    checkCancelLinks,
    recordVersion,
    hook('on_change'),
  ],
  update_after_submit: [
    nameChildRows,
    guardFieldLevels,
    validateLinks,
    runBeforeSave,
    ...VALIDATIONS,
    validateConstants,
    validateUpdateAfterSubmit,
    applyChildDocstatus,
    storePasswords,
    writeDoc,
    runAfterSave,
    recordVersion,
    hook('on_change'),
  ],
  delete: [
    requirePermission('delete'),
    rejectSubmitted,
    leaveNestedSet,
    hook('on_trash'),
    hook('on_change'),
    forgetShares,
    checkDeleteLinks,
    revertSeriesIfLast,
    removeRows,
    forgetPasswords,
    hook('after_delete'),
    storeDeletedDocument,
  ],
} as const satisfies Record<string, readonly Step[]>;

/** Runs steps in order on one operation. */
export async function runSteps(op: DocOperation, steps: readonly Step[]): Promise<void> {
  for (const step of steps) await step(op);
}
