import { ValidationError } from '../../core/errors/index.js';
import type { DocPerm, Meta } from '../../model/meta.js';

/** Roles that may hold rows above level 0 without a level-0 row (docs/spec/permissions.md §2.3). */
const LEVEL_EXEMPT_ROLES = new Set(['All', 'Desk User']);

/**
 * Frappe's checks on a DocType's permission rows (docs/spec/permissions.md §2.3),
 * run on the whole set after a change so that a refused change writes
 * nothing. `rows` are in row order; messages name the row as Frappe does.
 */
export function validatePermRows(meta: Meta, rows: readonly DocPerm[]): void {
  const seen = new Set<string>();
  rows.forEach((row, index) => {
    const where = `For ${row.role} at level ${row.permlevel} in ${meta.name} in row ${index + 1}`;
    const fail = (message: string) => {
      throw new ValidationError(`${where}: ${message}`, { title: 'Invalid Permission' });
    };
    const key = `${row.role}\u0000${row.permlevel}\u0000${row.if_owner ? 1 : 0}`;
    if (seen.has(key)) fail('Only one rule allowed with the same Role, Level and If Owner');
    seen.add(key);
    if (!(row.select || row.read || row.write || row.submit || row.cancel || row.create))
      fail('No basic permissions set');
    if (row.cancel && !row.submit) fail('Cannot set Cancel without Submit');
    if ((row.submit || row.cancel || row.amend) && !row.write)
      fail('Cannot set Submit, Cancel, Amend without Write');
    if (row.import && !row.create) fail('Cannot set Import without Create');
    if (row.import && meta.allow_import !== true)
      fail(`Cannot set import as ${meta.name} is not importable`);
    if (!meta.is_submittable && row.submit) fail('Cannot set Assign Submit if not Submittable');
    if (!meta.is_submittable && row.amend) fail('Cannot set Assign Amend if not Submittable');
    const hasLevelZero = rows.some((other) => other.role === row.role && other.permlevel === 0);
    if (row.permlevel > 0 && !hasLevelZero && !LEVEL_EXEMPT_ROLES.has(row.role))
      fail('Permission at level 0 must be set before higher levels are set');
  });
}
