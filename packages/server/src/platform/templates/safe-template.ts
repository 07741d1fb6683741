import { ValidationError } from '../../core/errors/index.js';
import { loadNunjucks } from './load-nunjucks.js';

/**
 * Nunjucks is not a sandbox: `x.constructor("…")()` reaches `Function`. Like
 * Frappe's restricted evaluator we refuse names and attributes starting with
 * `_`, the prototype keys, computed attribute names and template loading, so
 * a template can only read the data it is given and call the helpers passed in.
 */
const FORBIDDEN_KEYS = new Set([
  'constructor',
  'prototype',
  '__proto__',
  'caller',
  'callee',
  'arguments',
]);
const FORBIDDEN_NODES = new Set([
  'Include',
  'Import',
  'FromImport',
  'Extends',
  'CallExtension',
  'CallExtensionAsync',
]);

interface AstNode {
  readonly typename?: string;
  readonly value?: unknown;
  readonly val?: AstNode;
  readonly [key: string]: unknown;
}

/** The parser nunjucks exports but its type definitions leave out. */
interface NunjucksParser {
  readonly parser: { parse(source: string, extensions: unknown[], options: object): AstNode };
}

/** Throws `ValidationError` when `source` is not a safe template (or does not parse). */
export function assertSafeTemplate(source: string): void {
  let ast: AstNode;
  try {
    ast = (loadNunjucks() as unknown as NunjucksParser).parser.parse(source, [], {});
  } catch (error) {
    throw new ValidationError(`Invalid template: ${firstLine(error)}`);
  }
  walk(ast);
}

function walk(node: unknown): void {
  if (Array.isArray(node)) return node.forEach(walk);
  if (node === null || typeof node !== 'object') return;
  const ast = node as AstNode;
  const type = ast.typename ?? '';
  if (FORBIDDEN_NODES.has(type)) throw new ValidationError(`Templates may not use ${type}`);
  if (type === 'Symbol') assertSafeKey(ast.value);
  if (type === 'LookupVal') {
    if (ast.val?.typename !== 'Literal')
      throw new ValidationError('Templates may only look up literal attribute names');
    assertSafeKey(ast.val.value);
  }
  for (const [key, child] of Object.entries(ast)) if (key !== 'typename') walk(child);
}

function assertSafeKey(key: unknown): void {
  if (typeof key === 'number') return;
  const name = String(key);
  if (name.startsWith('_') || FORBIDDEN_KEYS.has(name))
    throw new ValidationError(`Name "${name}" is not allowed in templates`);
}

/** The first line of an error's message (nunjucks adds template positions below). */
export function firstLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return (
    message
      .split('\n')
      .map((line) => line.trim())
      .filter(Boolean)
      .pop() ?? message
  );
}
