import type { DocHook, HookArgs } from '../../engine/runtime/app-definition.js';
import type { Doc, DocEvent } from '../../engine/doc.js';
import { runServerScript } from './run-server-script.js';
import { eventKey, scriptMap } from './script-map.js';
import { DOCTYPE_EVENTS } from './server-script.js';

/**
 * The `doc_events` hooks that run DocType Event scripts (§B5): for each
 * document event, every enabled script of the document's DocType and that
 * event, in the document's transaction, with the document as `doc`. A
 * `frappe.throw` aborts the operation. Field changes a "Before …" script
 * makes are kept (the operation saves them); in "After …" events the
 * document is already written, so only explicit writes persist.
 */
export const SERVER_SCRIPT_DOC_EVENTS: Readonly<Partial<Record<DocEvent, DocHook>>> =
  Object.fromEntries(
    Object.entries(DOCTYPE_EVENTS).map(([label, event]) => [event, scriptsFor(label)]),
  );

function scriptsFor(label: string): DocHook {
  const keepsChanges = label.startsWith('Before');
  return async (doc: Doc, { ctx }: HookArgs) => {
    // Installing and migrating never run scripts, as in Frappe.
    if (ctx.flags.inInstall === true) return;
    const scripts = (await scriptMap(ctx)).events.get(eventKey(doc.doctype, label));
    for (const script of scripts ?? []) {
      const outcome = await runServerScript(ctx, script.script, 'DocType Event', {
        locals: { doc },
        return_locals: ['doc'],
      });
      const changed = outcome.locals?.['doc'];
      if (keepsChanges && changed !== null && typeof changed === 'object')
        Object.assign(doc, changed as Doc, { doctype: doc.doctype });
    }
  };
}

/** `hooks` with the script hooks run after each of them, for one `docEvents` entry. */
export function withScriptDocEvents(
  hooks: Readonly<Partial<Record<DocEvent, DocHook>>>,
): Readonly<Partial<Record<DocEvent, DocHook>>> {
  const merged: Partial<Record<DocEvent, DocHook>> = { ...SERVER_SCRIPT_DOC_EVENTS };
  for (const [event, hook] of Object.entries(hooks) as [DocEvent, DocHook][]) {
    const script = SERVER_SCRIPT_DOC_EVENTS[event];
    merged[event] =
      script === undefined
        ? hook
        : async (doc, args) => {
            await hook(doc, args);
            await script(doc, args);
          };
  }
  return merged;
}
