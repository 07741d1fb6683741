import { getSeriesCurrent, nextSeriesValue } from '../../platform/db/series.js';
import type { UnitOfWork } from '../../platform/db/database.js';
import type { Context } from '../context.js';
import { reloadCustomDocTypes } from './custom-doctypes.js';
import { refreshCustomPerms } from './custom-docperms.js';
import type { Site } from '../site.js';

/**
 * The per-site counter of runtime DocType changes, kept in `tabSeries` so it
 * is bumped inside the changing transaction (a rollback gives it back) and
 * read with one primary-key lookup. The key cannot clash with a naming
 * series: series prefixes never start with `__`.
 */
const META_VERSION_KEY = '__cortado_meta_version';

/** How long a process trusts its registry before looking at the counter again. */
export const META_CHECK_INTERVAL_MS = 1000;

interface MetaState {
  version: number;
  checkedAt: number;
}

const states = new WeakMap<Site, MetaState>();

/**
 * Records a runtime DocType change in `uow`'s transaction; after the commit
 * this process already knows the new version, so it does not reload.
 */
export async function bumpMetaVersion(ctx: Context): Promise<void> {
  const version = await nextSeriesValue(ctx.uow, META_VERSION_KEY);
  ctx.uow.afterCommit(() => {
    const state = states.get(ctx.site);
    if (state && state.version === version - 1) state.version = version;
  });
}

/**
 * Brings the site's registry up to date with custom DocTypes changed by any
 * process on the same database. Called at the start of every unit of work;
 * it reads the counter at most once per `META_CHECK_INTERVAL_MS` and reloads
 * custom DocTypes only when the counter moved (or on the first call, which is
 * how a freshly opened site picks up DocTypes created at runtime).
 */
export async function refreshSiteMeta(ctx: Context, now: number = Date.now()): Promise<void> {
  const state = states.get(ctx.site);
  if (state && now - state.checkedAt < META_CHECK_INTERVAL_MS) return;
  if (!state && !(await storageReady(ctx.uow))) return;
  const version = await getSeriesCurrent(ctx.uow, META_VERSION_KEY);
  if (state?.version !== version) {
    await reloadCustomDocTypes(ctx);
    await refreshCustomPerms(ctx);
  }
  states.set(ctx.site, { version, checkedAt: now });
}

/** A site opened before its first migrate has no tables to read yet. */
async function storageReady(uow: UnitOfWork): Promise<boolean> {
  for (const table of ['tabSeries', 'tabDocType', 'tabDocField', 'tabDocPerm']) {
    if ((await uow.dialect.listColumns(uow.db, table)) === null) return false;
  }
  return true;
}

/**
 * Loads the custom DocTypes stored in the database into a site that was just
 * opened, before any request asks for one.
 */
export function loadRuntimeDocTypes(site: Site): Promise<void> {
  return site.db.transaction(
    (uow) =>
      refreshSiteMeta({
        site,
        user: 'Administrator',
        roles: new Set(['Administrator']),
        uow,
        flags: {},
        requestId: 'open-site',
      }),
    { readOnly: true },
  );
}
