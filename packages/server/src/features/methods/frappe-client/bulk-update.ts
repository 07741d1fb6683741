import { ValidationError } from '../../../core/errors/index.js';
import type { Context } from '../../../engine/context.js';
import { updateDoc } from '../../../engine/document.js';
import { clientMethod, WRITE_VERBS } from './client-method.js';
import { isPlainObject, parseJsonArray, requireString } from '../../../core/args/arg-values.js';

interface FailedDoc {
  readonly doc: unknown;
  readonly exc: string;
}

/**
 * `frappe.client.bulk_update`: each entry names `doctype` and `docname` plus
 * the values to set. Partial success like Frappe: each update runs in its own
 * savepoint, failures are reported and the rest commits. `exc` carries the
 * error text, never a traceback.
 */
async function bulk_update(
  args: Record<string, unknown>,
  ctx: Context,
): Promise<{ failed_docs: FailedDoc[] }> {
  const failed: FailedDoc[] = [];
  for (const entry of parseJsonArray(args['docs'], 'docs')) {
    try {
      await ctx.uow.nested(() => updateEntry(ctx, entry));
    } catch (error) {
      failed.push({ doc: entry, exc: describe(error) });
    }
  }
  return { failed_docs: failed };
}

async function updateEntry(ctx: Context, entry: unknown): Promise<void> {
  if (!isPlainObject(entry))
    throw new ValidationError("Each entry of 'docs' must be a JSON object");
  const { doctype, docname, ...values } = entry;
  await updateDoc(
    ctx,
    requireString(doctype, 'doctype'),
    requireString(docname, 'docname'),
    values,
  );
}

function describe(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return String(error);
}

export const bulkUpdateMethod = clientMethod('bulk_update', bulk_update, WRITE_VERBS);
