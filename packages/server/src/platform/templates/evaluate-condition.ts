import { renderTemplate } from './render-template.js';

/** Python literals a Frappe condition may use, which nunjucks does not know. */
const PYTHON_NAMES = { True: true, False: false, None: null };

/**
 * Evaluates a webhook-style condition to a boolean. Accepts Frappe's
 * Python-style expression (`doc.status == "Open" and doc.total > 10`) and the
 * Jinja form `{{ doc.total > 10 }}`; both run through the safe template
 * engine, never `eval`. Throws `ValidationError` when it cannot be evaluated.
 *
 * @example
 * evaluateCondition('doc.grand_total > 1000', { doc: { grand_total: 1500 } }); // true
 */
export function evaluateCondition(condition: string, context: Record<string, unknown>): boolean {
  const expression = tuplesAsLists(unwrapJinja(condition.trim()));
  const output = renderTemplate(`{% if (${expression}) %}1{% else %}0{% endif %}`, {
    ...PYTHON_NAMES,
    ...context,
  });
  return output === '1';
}

function unwrapJinja(condition: string): string {
  const match = /^\{\{([\s\S]*)\}\}$/.exec(condition);
  return match ? (match[1] ?? '').trim() : condition;
}

/** Python's `x in ("a", "b")`: nunjucks reads a parenthesised list as a group, so make it a list. */
function tuplesAsLists(expression: string): string {
  return expression.replace(/\bin\s*\(([^()]*,[^()]*)\)/g, 'in [$1]');
}
