import { createStringFieldtype } from './string-fieldtype.js';

/**
 * Link and Dynamic Link: stored as varchar(length or 140) holding the target's
 * name. Whether the target exists is checked by the engine's validate-links
 * step, which knows documents; the fieldtype only stores the text.
 */
export const link = createStringFieldtype({ name: 'Link', columnType: 'varchar' });

export const dynamicLink = createStringFieldtype({ name: 'Dynamic Link', columnType: 'varchar' });
