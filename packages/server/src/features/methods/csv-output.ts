import type { stringify } from 'csv-stringify/sync';
import { ValidationError } from '../../core/errors/index.js';
import { FileResponse } from '../../engine/runtime/special-response.js';
import { lazyRequire } from '../../core/lazy-require.js';

const csv = lazyRequire<{ stringify: typeof stringify }>('csv-stringify/sync');

/**
 * Frappe's `make_csv_output`: a method's rows as a CSV download named after
 * the DocType (spaces as `_`), written as Python's `csv.writer` writes them
 * (CRLF line ends, quotes only where needed, `None` empty, booleans
 * `True`/`False`).
 */
export function csvOutput(rows: unknown, doctype: string): FileResponse {
  if (!Array.isArray(rows) || !rows.every(Array.isArray))
    throw new ValidationError('as_csv needs the method to return a list of rows');
  const text = csv().stringify(rows as unknown[][], {
    record_delimiter: 'windows',
    cast: {
      boolean: (value) => (value ? 'True' : 'False'),
      object: (value) => JSON.stringify(value),
    },
  });
  return new FileResponse('csv', `${doctype.replaceAll(' ', '_')}.csv`, text);
}
