/**
 * Functions every Frappe site has but does not whitelist. Frappe resolves
 * the dotted path, finds the function and refuses it with 403
 * `PermissionError`; a path that resolves to nothing is a 417 instead
 * (docs/spec/api-rest-rpc.md §5.1–5.2). Clients and scanners probe these names, so
 * they get Frappe's answer, not the "no such method" one.
 */
const KNOWN_PRIVATE_FUNCTIONS = new Set([
  'frappe.utils.now',
  'frappe.utils.nowdate',
  'frappe.utils.nowtime',
  'frappe.utils.today',
  'frappe.utils.now_datetime',
  'frappe.utils.get_url',
  'frappe.utils.random_string',
  'frappe.utils.password.get_decrypted_password',
  'frappe.utils.password.update_password',
  'frappe.get_doc',
  'frappe.get_all',
  'frappe.get_list',
  'frappe.get_value',
  'frappe.delete_doc',
  'frappe.rename_doc',
  'frappe.set_user',
  'frappe.sendmail',
  'frappe.enqueue',
  'frappe.get_attr',
  'frappe.db.sql',
  'frappe.db.get_value',
  'frappe.db.set_value',
  'frappe.db.commit',
  'frappe.handler.execute_cmd',
  'frappe.handler.is_whitelisted',
  'frappe.handler.get_attr',
  'frappe.client.check_parent_permission',
  'frappe.model.document.get_doc',
]);

/** The framework's own modules: a dunder attribute of any of them always exists in Python. */
const FRAMEWORK_PREFIX = 'frappe.';

/** Whether `path` names a function Frappe has but does not whitelist. */
export function isKnownPrivateFunction(path: string): boolean {
  if (KNOWN_PRIVATE_FUNCTIONS.has(path)) return true;
  const last = path.slice(path.lastIndexOf('.') + 1);
  return path.startsWith(FRAMEWORK_PREFIX) && last.startsWith('__') && last.endsWith('__');
}
