import { createStringFieldtype } from './string-fieldtype.js';

/** Types stored in a `text` column without further checks. */
export const textLike = ['Small Text', 'Text', 'Attach', 'Attach Image'].map((name) =>
  createStringFieldtype({ name, columnType: 'text' }),
);

/** Types stored in a `longtext` column (plain `text` on PostgreSQL and SQLite). */
export const longTextLike = [
  'Long Text',
  'Code',
  'Text Editor',
  'Markdown Editor',
  'HTML Editor',
  'Signature',
  'Barcode',
].map((name) => createStringFieldtype({ name, columnType: 'longtext' }));
