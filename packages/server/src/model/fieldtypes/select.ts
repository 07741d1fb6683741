import { ValidationError } from '../../core/errors/index.js';
import type { DocField } from '../meta.js';
import { fieldLabel } from './field-value-error.js';
import { createStringFieldtype } from './string-fieldtype.js';

/** The choices of a Select field, in order (a leading empty line allows blank). */
export function selectOptions(field: DocField): string[] {
  return field.options.split('\n').map((option) => option.trim());
}

/**
 * Select: varchar whose trimmed value must be one of the choices. Frappe
 * never checks `naming_series` (its options list the series a user may pick,
 * but a controller may set any valid series).
 */
export const select = createStringFieldtype({
  name: 'Select',
  columnType: 'varchar',
  validate(value, field) {
    if (field.fieldname === 'naming_series' || field.options.trim() === '') return;
    const choices = selectOptions(field);
    if (choices.includes(value.trim())) return;
    const listed = choices.filter((choice) => choice !== '').map((choice) => `"${choice}"`);
    throw new ValidationError(
      `${fieldLabel(field)} cannot be "${value}". It should be one of ${listed.join(', ')}`,
    );
  },
});
