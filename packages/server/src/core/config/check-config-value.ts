import { ConfigError } from '../errors/index.js';
import { configKey, type ConfigValueType } from './defaults.js';

/**
 * Throws a one-line `ConfigError` when `value` does not fit the type of the
 * known key `key`; unknown keys and `null` (unset) always pass.
 * `source` names where the value came from (a file or environment variable).
 */
export function assertConfigValue(key: string, value: unknown, source: string): void {
  const definition = configKey(key);
  if (definition === undefined || value === null) return;
  const expected = checkConfigValue(definition.type, value);
  if (expected !== null) {
    throw new ConfigError(`${source}: ${key} must be ${expected} (got ${formatValue(value)})`);
  }
}

function formatValue(value: unknown): string {
  return typeof value === 'string' ? `'${value}'` : JSON.stringify(value);
}

/**
 * Checks one value against its declared type. Returns `null` when it fits,
 * otherwise what was expected, phrased to follow "<key> must be …".
 */
export function checkConfigValue(type: ConfigValueType, value: unknown): string | null {
  switch (type.kind) {
    case 'string':
      return typeof value === 'string' ? null : 'a string';
    case 'integer':
      return isInteger(value, type.min) ? null : integerExpectation(type.min);
    case 'number':
      return isNumber(value, type.min) ? null : numberExpectation(type.min);
    case 'boolean':
      return typeof value === 'boolean' || value === 0 || value === 1 ? null : 'true or false';
    case 'enum':
      return typeof value === 'string' && type.values.includes(value)
        ? null
        : `one of ${type.values.join(', ')}`;
    case 'string-or-list':
      return typeof value === 'string' || isStringList(value)
        ? null
        : 'a string or a list of strings';
    case 'string-list':
      return isStringList(value) ? null : 'a list of strings';
    case 'numbers-object':
      return isNumbersObject(value, type.fields)
        ? null
        : `an object with positive numbers ${type.fields.join(', ')}`;
  }
}

function isInteger(value: unknown, min: number | undefined): boolean {
  return Number.isInteger(value) && (min === undefined || (value as number) >= min);
}

function isNumber(value: unknown, min: number | undefined): boolean {
  return typeof value === 'number' && Number.isFinite(value) && (min === undefined || value >= min);
}

function numberExpectation(min: number | undefined): string {
  return min === undefined ? 'a number' : `a number of at least ${min}`;
}

function integerExpectation(min: number | undefined): string {
  return min === undefined ? 'an integer' : `an integer of at least ${min}`;
}

function isStringList(value: unknown): boolean {
  return Array.isArray(value) && value.every((item) => typeof item === 'string');
}

function isNumbersObject(value: unknown, fields: readonly string[]): boolean {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const record = value as Record<string, unknown>;
  return fields.every(
    (field) => typeof record[field] === 'number' && (record[field] as number) > 0,
  );
}
