import { SharedCache } from '../../core/cache/shared-cache.js';
import type { Context } from '../../engine/context.js';
import type { Site } from '../../engine/site.js';
import type { UnitOfWork } from '../../platform/db/database.js';
import { serverScriptsEnabled } from './scripts-enabled.js';
import { SERVER_SCRIPT, type ServerScript } from './server-script.js';

/** A site's enabled scripts, indexed the ways the runtime looks them up. */
export interface ScriptMap {
  /** API scripts by `api_method`. */
  readonly api: ReadonlyMap<string, ServerScript>;
  /** DocType Event scripts by `<doctype>\n<doctype_event>`, in load order. */
  readonly events: ReadonlyMap<string, readonly ServerScript[]>;
  /** Permission Query scripts by DocType (one each). */
  readonly permissionQueries: ReadonlyMap<string, ServerScript>;
}

// Other processes' changes show within two seconds; this process forgets at
// once when it saves or deletes a script (Frappe's per-site script map cache).
const maps = new SharedCache<ScriptMap>({ ttlMs: 2000, maxEntries: 1000 });

/** The key of a DocType Event script list. */
export function eventKey(doctype: string, doctypeEvent: string): string {
  return `${doctype}\n${doctypeEvent}`;
}

/** The enabled scripts of the context's site. */
export function scriptMap(ctx: Context): Promise<ScriptMap> {
  return maps.get(ctx.site.path, () => loadScriptMap(ctx.site, ctx.uow), maps.epoch);
}

/**
 * The enabled API script answering `path`, if any, read outside any
 * request's unit of work (the method route looks before it opens one).
 */
export async function apiScriptFor(site: Site, path: string): Promise<ServerScript | undefined> {
  return (await siteScriptMap(site))?.api.get(path);
}

/**
 * The API scripts that answer calls on `site` now, for the OpenAPI
 * document: none while Server Scripts are switched off (their paths then
 * answer ServerScriptNotEnabled), else every enabled one, one per
 * `api_method`.
 */
export async function enabledApiScripts(site: Site): Promise<readonly ServerScript[]> {
  if (!(await serverScriptsEnabled(site))) return [];
  const map = await siteScriptMap(site);
  return map === undefined ? [] : [...map.api.values()];
}

/** The script map of `site`, read outside any unit of work; none without the Server Script table. */
async function siteScriptMap(site: Site): Promise<ScriptMap | undefined> {
  // A site without the core app has no Server Script table.
  if (!site.meta.has(SERVER_SCRIPT)) return undefined;
  return maps.get(site.path, () =>
    site.db.transaction((uow) => loadScriptMap(site, uow), { readOnly: true }),
  );
}

/** Forgets every cached map (after a Server Script is saved or deleted). */
export function forgetScriptMaps(): void {
  maps.invalidate();
}

async function loadScriptMap(site: Site, uow: UnitOfWork): Promise<ScriptMap> {
  const meta = site.meta.getMeta(SERVER_SCRIPT);
  const rows = (await uow.db
    .selectFrom(meta.tableName)
    .selectAll()
    .where('disabled', '=', 0)
    // Oldest first, so that for a shared api_method the most recently modified wins.
    .orderBy('modified', 'asc')
    .orderBy('name', 'asc')
    .execute()) as Record<string, unknown>[];
  const api = new Map<string, ServerScript>();
  const events = new Map<string, ServerScript[]>();
  const permissionQueries = new Map<string, ServerScript>();
  for (const script of rows.map(toScript)) {
    if (script.script_type === 'API' && script.api_method) api.set(script.api_method, script);
    if (
      script.script_type === 'DocType Event' &&
      script.reference_doctype &&
      script.doctype_event
    ) {
      const key = eventKey(script.reference_doctype, script.doctype_event);
      events.set(key, [...(events.get(key) ?? []), script]);
    }
    if (script.script_type === 'Permission Query' && script.reference_doctype)
      permissionQueries.set(script.reference_doctype, script);
  }
  return { api, events, permissionQueries };
}

function toScript(row: Record<string, unknown>): ServerScript {
  const text = (value: unknown) => (value === null || value === undefined ? null : String(value));
  return {
    name: String(row['name']),
    script_type: String(row['script_type'] ?? ''),
    script: String(row['script'] ?? ''),
    reference_doctype: text(row['reference_doctype']),
    doctype_event: text(row['doctype_event']),
    api_method: text(row['api_method']),
    allow_guest: Number(row['allow_guest']) === 1,
    enable_rate_limit: Number(row['enable_rate_limit']) === 1,
    rate_limit_count: Number(row['rate_limit_count'] ?? 0),
    rate_limit_seconds: Number(row['rate_limit_seconds'] ?? 0),
    event_frequency: text(row['event_frequency']),
    cron_format: text(row['cron_format']),
    modified: String(row['modified'] ?? ''),
  };
}
