import type nunjucks from 'nunjucks';
import { ValidationError } from '../../core/errors/index.js';
import { loadNunjucks } from './load-nunjucks.js';
import { assertSafeTemplate, firstLine } from './safe-template.js';

/** Jinja's `tojson`: JSON with `<`, `>`, `&` and `'` escaped so it can sit inside HTML too. */
function tojson(value: unknown): string {
  const text = JSON.stringify(value ?? null) ?? 'null';
  return text.replace(
    /[<>&']/g,
    (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

function createEnvironment(): nunjucks.Environment {
  // No loader: templates cannot include files. No autoescape, as Frappe's Jinja env for webhooks.
  const { Environment } = loadNunjucks();
  const env = new Environment(null, { autoescape: false, throwOnUndefined: false });
  env.addFilter('tojson', tojson);
  return env;
}

let environment: nunjucks.Environment | undefined;
const compiled = new Map<string, nunjucks.Template>();
const CACHE_LIMIT = 500;

/**
 * Renders a Jinja-style template (nunjucks, Jinja-compatible filters such as
 * `tojson`) against plain data. Unsafe or broken templates throw
 * `ValidationError`; compiled templates are cached by source text.
 *
 * @example
 * renderTemplate('{"id": {{ doc.name | tojson }}}', { doc }); // {"id": "SO-0001"}
 */
export function renderTemplate(source: string, context: Record<string, unknown>): string {
  try {
    return templateFor(source).render(context);
  } catch (error) {
    if (error instanceof ValidationError) throw error;
    throw new ValidationError(`Template error: ${firstLine(error)}`);
  }
}

function templateFor(source: string): nunjucks.Template {
  let template = compiled.get(source);
  if (template === undefined) {
    assertSafeTemplate(source);
    environment ??= createEnvironment();
    template = new (loadNunjucks().Template)(source, environment, undefined, true);
    if (compiled.size >= CACHE_LIMIT) compiled.clear();
    compiled.set(source, template);
  }
  return template;
}
