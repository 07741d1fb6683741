import type sanitize from 'sanitize-html';
import type { ArgType, WhitelistedMethod } from '../../engine/runtime/app-definition.js';
import { FrappeTypeError, type FrappeError } from '../../core/errors/index.js';
import { assertSafeInput } from '../../core/args/safe-input.js';
import { lazyRequire } from '../../core/lazy-require.js';

const sanitizeHtml = lazyRequire<typeof sanitize>('sanitize-html');

/**
 * Request keys that never reach a whitelisted function (docs/spec/api-rest-rpc.md §2.3):
 * routing/CSRF/session plumbing and the flags a caller must not set.
 */
const STRIPPED_KEYS = new Set(['cmd', '_', 'csrf_token', 'sid', 'ignore_permissions', 'flags']);

/** Frappe's wording names Python types; clients and docs quote these messages. */
const TYPE_NAMES: Record<ArgType, string> = {
  string: 'str',
  int: 'int',
  float: 'float',
  bool: 'bool',
  json: 'dict | list',
  any: 'Any',
};

const TRUE_STRINGS = new Set(['true', '1', 'yes', 'y', 'on', 't']);
const FALSE_STRINGS = new Set(['false', '0', 'no', 'n', 'off', 'f']);

/** Who is calling, as far as argument handling cares. */
export interface ArgCaller {
  readonly isGuest: boolean;
}

/**
 * Turns the request arguments into the arguments a whitelisted function
 * receives: plumbing keys dropped, guest strings sanitised (unless `xssSafe`),
 * declared parameters coerced in Frappe's lax mode and checked.
 *
 * @throws FrappeTypeError (417) naming the argument when a value does not fit its type or a required one is missing.
 */
export function prepareMethodArgs(
  method: WhitelistedMethod,
  args: Readonly<Record<string, unknown>>,
  caller: ArgCaller,
): Record<string, unknown> {
  assertSafeInput(args);
  const sanitise = caller.isGuest && method.xssSafe !== true;
  const prepared: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(args)) {
    if (STRIPPED_KEYS.has(key)) continue;
    prepared[key] = sanitise ? sanitiseGuestValue(value) : value;
  }
  for (const [name, param] of Object.entries(method.params ?? {})) {
    const value = prepared[name];
    if (value === undefined || value === null) {
      if (param.optional !== true) throw typeError(method.path, name, param.type, value);
      continue;
    }
    prepared[name] = coerceArg(method.path, name, param.type, value);
  }
  return prepared;
}

/** Coerces one value the way pydantic's lax mode does for Frappe's typed whitelisted functions. */
export function coerceArg(path: string, name: string, type: ArgType, value: unknown): unknown {
  const coerced = COERCERS[type](value);
  if (coerced === INVALID) throw typeError(path, name, type, value);
  return coerced;
}

const INVALID = Symbol('invalid');

const COERCERS: Record<ArgType, (value: unknown) => unknown> = {
  any: (value) => value,
  string: (value) => (typeof value === 'string' ? value : INVALID),
  int: (value) => {
    const n = toNumber(value);
    return n !== INVALID && Number.isSafeInteger(n) ? n : INVALID;
  },
  float: (value) => toNumber(value),
  bool: toBool,
  json: (value) => {
    if (typeof value !== 'string') return typeof value === 'object' ? value : INVALID;
    try {
      const parsed: unknown = JSON.parse(value);
      return typeof parsed === 'object' && parsed !== null ? parsed : INVALID;
    } catch {
      return INVALID;
    }
  },
};

function toNumber(value: unknown): number | typeof INVALID {
  if (typeof value === 'number') return Number.isFinite(value) ? value : INVALID;
  if (typeof value !== 'string' || !/^\s*[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?\s*$/.test(value))
    return INVALID;
  return Number(value);
}

function toBool(value: unknown): boolean | typeof INVALID {
  if (typeof value === 'boolean') return value;
  if (typeof value === 'number') return value === 0 || value === 1 ? value === 1 : INVALID;
  if (typeof value !== 'string') return INVALID;
  const lowered = value.trim().toLowerCase();
  if (TRUE_STRINGS.has(lowered)) return true;
  return FALSE_STRINGS.has(lowered) ? false : INVALID;
}

function typeError(path: string, name: string, type: ArgType, value: unknown): FrappeError {
  const expected = TYPE_NAMES[type];
  if (value === undefined)
    return new FrappeTypeError(`Argument '${name}' in '${path}' is required.`);
  return new FrappeTypeError(
    `Argument '${name}' in '${path}' should be of type '${expected}' but got '${pythonTypeName(value)}' instead.`,
  );
}

function pythonTypeName(value: unknown): string {
  if (value === null) return 'NoneType';
  if (Array.isArray(value)) return 'list';
  if (typeof value === 'number') return Number.isInteger(value) ? 'int' : 'float';
  return { string: 'str', boolean: 'bool', object: 'dict' }[typeof value as string] ?? typeof value;
}

/**
 * Frappe sanitises guest-supplied strings only when they contain markup and
 * are not JSON; plain text passes untouched (no `&` → `&amp;` surprises).
 */
function sanitiseGuestValue(value: unknown): unknown {
  if (typeof value !== 'string' || !/<[a-zA-Z!/?][^>]*>/.test(value) || isJson(value)) return value;
  // sanitize-html (~18 MB resident with its parser) loads with the first HTML a Guest sends;
  // it is CommonJS, so a synchronous require keeps this synchronous.
  return sanitizeHtml()(value);
}

function isJson(value: string): boolean {
  try {
    JSON.parse(value);
    return true;
  } catch {
    return false;
  }
}
