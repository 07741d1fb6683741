import type { WhitelistedMethod } from '../../../engine/runtime/app-definition.js';
import { BOOT_METHODS } from './boot.js';
import { FORM_LOAD_METHODS } from './form-load.js';
import { FORM_SAVE_METHODS } from './form-save.js';
import { SEARCH_METHODS } from './search.js';
import { USER_SETTINGS_METHODS } from './user-settings.js';

/**
 * The desk's form and search endpoints (`frappe.desk.form.*`,
 * `frappe.desk.search.*`, `frappe.sessions.get`) and its per-user settings
 * (`frappe.model.utils.user_settings.*`).
 */
export const DESK_FORM_METHODS: readonly WhitelistedMethod[] = [
  ...FORM_LOAD_METHODS,
  ...FORM_SAVE_METHODS,
  ...SEARCH_METHODS,
  ...BOOT_METHODS,
  ...USER_SETTINGS_METHODS,
];
