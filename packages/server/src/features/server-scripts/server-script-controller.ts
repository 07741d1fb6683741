import { ValidationError } from '../../core/errors/index.js';
import type { Controller } from '../../engine/runtime/app-definition.js';
import type { Context } from '../../engine/context.js';
import type { Doc } from '../../engine/doc.js';
import { msgprint } from '../../engine/runtime/msgprint.js';
import { escapeHtml } from '../../core/escape-html.js';
import { forgetScriptMaps } from './script-map.js';
import { syncScriptJobType } from './scheduler-scripts.js';
import { scriptPool } from './script-pool.js';
import { serverScriptsEnabled } from './scripts-enabled.js';
import { DOCTYPE_EVENTS, SERVER_SCRIPT } from './server-script.js';

/**
 * Controller of `Server Script` (§B1): the fields its type needs, one API
 * script per `api_method`, a warning for a script that shadows a built-in
 * method, and Frappe's compile check — its errors are a warning, the save
 * goes through. Saving or deleting forgets the cached script maps.
 */
export const serverScriptController: Controller = {
  async validate(doc, { ctx }) {
    validateFields(doc);
    if (doc['script_type'] === 'API') await validateApiMethod(ctx, doc);
    warnOnGuestWrites(ctx, doc);
    await warnOnCompileErrors(ctx, String(doc['script'] ?? ''));
  },
  async on_update(doc, { ctx }) {
    await syncScriptJobType(ctx, doc);
    ctx.uow.afterCommit(() => forgetScriptMaps());
  },
  async on_trash(doc, { ctx }) {
    await syncScriptJobType(ctx, doc, true);
    ctx.uow.afterCommit(() => forgetScriptMaps());
  },
};

function validateFields(doc: Doc): void {
  const type = doc['script_type'];
  const needsDoctype = type === 'DocType Event' || type === 'Permission Query';
  if (needsDoctype && !doc['reference_doctype'])
    throw new ValidationError('Reference Document Type is required for this script type');
  if (
    type === 'DocType Event' &&
    !Object.hasOwn(DOCTYPE_EVENTS, String(doc['doctype_event'] ?? ''))
  )
    throw new ValidationError('DocType Event is required for a DocType Event script');
  if (type === 'API' && !String(doc['api_method'] ?? '').trim())
    throw new ValidationError('API Method is required for an API script');
  if (type === 'Scheduler Event' && !doc['event_frequency'])
    throw new ValidationError('Event Frequency is required for a Scheduler Event script');
}

/**
 * Two API scripts on one path would leave the winner to chance (Frappe
 * lets it happen; we refuse). A path that a built-in method answers is
 * taken over by the script, which Frappe allows: the saver is warned.
 */
async function validateApiMethod(ctx: Context, doc: Doc): Promise<void> {
  const path = String(doc['api_method']).trim();
  const meta = ctx.site.meta.getMeta(SERVER_SCRIPT);
  const clash = (await ctx.uow.db
    .selectFrom(meta.tableName)
    .select('name')
    .where('script_type', '=', 'API')
    .where('api_method', '=', path)
    .where('name', '!=', String(doc.name ?? ''))
    .executeTakeFirst()) as { name: string } | undefined;
  if (clash !== undefined)
    throw new ValidationError(
      `API Method ${escapeHtml(path)} is already used by Server Script ${escapeHtml(clash.name)}`,
    );
  if (ctx.site.apps.method(path) !== undefined || path.startsWith('frappe.'))
    msgprint(
      ctx,
      `This script replaces the built-in method ${escapeHtml(path)} for every caller.`,
      {
        title: 'Method shadowed',
        indicator: 'orange',
      },
    );
}

/**
 * A Guest-callable script that skips permission checks lets anyone on the
 * internet do what it does; Frappe allows it silently, we say so on save.
 */
function warnOnGuestWrites(ctx: Context, doc: Doc): void {
  const script = String(doc['script'] ?? '');
  if (Number(doc['allow_guest']) !== 1 || !/ignore_permissions\s*=\s*True/.test(script)) return;
  msgprint(ctx, 'Guests can call this script, and it uses ignore_permissions=True.', {
    title: 'Guest access',
    indicator: 'orange',
  });
}

/** Frappe's compile check on save: errors are shown, the script is saved anyway. */
async function warnOnCompileErrors(ctx: Context, source: string): Promise<void> {
  // The sandbox starts only for benches that run scripts.
  if (!(await serverScriptsEnabled(ctx.site))) return;
  const errors = await scriptPool(ctx.site.config).check(source);
  if (errors.length === 0) return;
  msgprint(ctx, errors.map(escapeHtml).join('<br>'), {
    title: 'Compilation warning',
    indicator: 'orange',
  });
}
