import { ValidationError } from '../../core/errors/index.js';
import { check } from './check.js';
import { dataLike } from './data-like.js';
import { data } from './data.js';
import { date } from './date.js';
import { datetime } from './datetime.js';
import { duration } from './duration.js';
import type { Fieldtype } from './fieldtype.js';
import { floatLike } from './float-like.js';
import { geolocation } from './geolocation.js';
import { int, longInt } from './int.js';
import { json } from './json.js';
import { dynamicLink, link } from './link.js';
import { layoutTypes } from './layout.js';
import { password } from './password.js';
import { phone } from './phone.js';
import { rating } from './rating.js';
import { select } from './select.js';
import { tables } from './table.js';
import { longTextLike, textLike } from './text-like.js';
import { time } from './time.js';

export type { Fieldtype } from './fieldtype.js';

const FIELDTYPES: ReadonlyMap<string, Fieldtype> = new Map(
  [
    data,
    link,
    dynamicLink,
    ...dataLike,
    select,
    phone,
    ...textLike,
    ...longTextLike,
    password,
    geolocation,
    json,
    int,
    longInt,
    check,
    ...floatLike,
    duration,
    rating,
    date,
    datetime,
    time,
    ...tables,
    ...layoutTypes,
  ].map((fieldtype) => [fieldtype.name, fieldtype]),
);

/** Whether Cortado knows the fieldtype. */
export function isFieldtype(name: string): boolean {
  return FIELDTYPES.has(name);
}

/**
 * The implementation of a Frappe fieldtype.
 *
 * @example
 * getFieldtype('Int').coerce('42', field); // 42
 */
export function getFieldtype(name: string): Fieldtype {
  const fieldtype = FIELDTYPES.get(name);
  if (!fieldtype) throw new ValidationError(`Unknown fieldtype ${name}`);
  return fieldtype;
}

/** Every registered fieldtype name, in registry order. */
export function fieldtypeNames(): string[] {
  return [...FIELDTYPES.keys()];
}
