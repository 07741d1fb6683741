import { PythonFloat } from '../../core/python-json.js';
import type { Doc } from '../../engine/doc.js';
import { FLOAT_FIELDTYPES } from '../../model/fieldtypes/float-like.js';
import type { Meta } from '../../model/meta.js';

/** The DocType's definition by name, if the site has it. */
export type MetaLookup = (doctype: string) => Meta | undefined;

/**
 * `doc` as Python holds it for `json.dumps`: Float, Currency and Percent
 * values marked as floats, in the document and in its child rows.
 */
export function pythonValues(doc: Doc, metaOf: MetaLookup): Doc {
  const meta = metaOf(doc.doctype);
  if (meta === undefined) return doc;
  const result: Doc = { ...doc };
  for (const field of meta.fields) {
    const value = result[field.fieldname];
    if (FLOAT_FIELDTYPES.has(field.fieldtype) && typeof value === 'number')
      result[field.fieldname] = new PythonFloat(value);
    else if (Array.isArray(value))
      result[field.fieldname] = value.map((row: unknown) =>
        isDoc(row) ? pythonValues(row, metaOf) : row,
      );
  }
  return result;
}

function isDoc(value: unknown): value is Doc {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { doctype?: unknown }).doctype === 'string'
  );
}
