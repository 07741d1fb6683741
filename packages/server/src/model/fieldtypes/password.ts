import { createStringFieldtype } from './string-fieldtype.js';

/**
 * Password: the column only holds a `*` mask of the secret's length; the
 * engine keeps the secret itself in `__Auth`, so here it is plain text.
 */
export const password = createStringFieldtype({ name: 'Password', columnType: 'text' });
