import type { Fieldtype } from './fieldtype.js';

function createLayoutFieldtype(name: string): Fieldtype {
  return {
    name,
    hasColumn: false,
    isTable: false,
    column: () => null,
    coerce: () => null,
    serialize: () => null,
    isEmpty: () => true,
  };
}

/** Form layout and display-only types: no value, no column, never on the wire. */
export const layoutTypes = [
  'Section Break',
  'Column Break',
  'Tab Break',
  'HTML',
  'Button',
  'Image',
  'Fold',
  'Heading',
].map(createLayoutFieldtype);
