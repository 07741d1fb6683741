import { coreDocTypes } from '../model/core-doctypes/index.js';
import type { AppDefinition } from '../engine/app.js';

/** The app every site has: Frappe's own DocTypes (User, Role, ToDo, Note, File, …). */
export function coreApp(): AppDefinition {
  return { name: 'frappe', title: 'Frappe Framework', version: '15.0.0', doctypes: coreDocTypes() };
}
