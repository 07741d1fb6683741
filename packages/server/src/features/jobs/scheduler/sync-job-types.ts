import type { Logger } from '../../../core/logger.js';
import type { Context } from '../../../engine/context.js';
import type { SchedulerFrequencyKey } from '../../../engine/runtime/app-definition.js';
import { deleteDoc, insertDoc, setValue } from '../../../engine/document.js';
import { FREQUENCY_OF_KEY } from './frequencies.js';

const JOB_TYPE = 'Scheduled Job Type';

interface HookEntry {
  readonly method: string;
  readonly frequency: string;
  readonly cron_format: string | null;
}

/** Frappe's name of a Scheduled Job Type: the method's last two dotted parts (`tasks.daily_digest`). */
export function jobTypeName(method: string): string {
  return method.split('.').slice(-2).join('.');
}

/** Every (method, frequency) the installed apps' `scheduler_events` declare. */
export function hookEntries(ctx: Context, logger: Logger): HookEntry[] {
  const entries: HookEntry[] = [];
  for (const app of ctx.site.apps.apps) {
    for (const [key, value] of Object.entries(app.schedulerEvents ?? {})) {
      if (key === 'cron') {
        for (const [expression, methods] of Object.entries(
          value as Record<string, readonly string[]>,
        ))
          for (const method of methods)
            entries.push({ method, frequency: 'Cron', cron_format: expression });
        continue;
      }
      const frequency = FREQUENCY_OF_KEY[key as SchedulerFrequencyKey];
      if (frequency === undefined) {
        logger.warn({ app: app.name, key }, 'unknown scheduler_events key; ignored');
        continue;
      }
      for (const method of value as readonly string[])
        entries.push({ method, frequency, cron_format: null });
    }
  }
  return entries;
}

/**
 * Makes the Scheduled Job Types match the apps' hooks (Frappe's
 * `sync_jobs`): new ones inserted, changed frequencies updated, types whose
 * method no hook names any more removed (server-script types are kept).
 */
export async function syncScheduledJobTypes(ctx: Context, logger: Logger): Promise<void> {
  const existing = (await ctx.uow.db
    .selectFrom(`tab${JOB_TYPE}`)
    .select(['name', 'method', 'frequency', 'cron_format', 'server_script'])
    .execute()) as {
    name: string;
    method: string;
    frequency: string;
    cron_format: string | null;
    server_script: string | null;
  }[];
  const byMethod = new Map(existing.map((row) => [row.method, row]));
  const wanted = new Set<string>();
  for (const entry of hookEntries(ctx, logger)) {
    wanted.add(entry.method);
    const row = byMethod.get(entry.method);
    if (row === undefined) {
      await insertDoc(ctx, { doctype: JOB_TYPE, name: jobTypeName(entry.method), ...entry });
      byMethod.set(entry.method, {
        name: jobTypeName(entry.method),
        server_script: null,
        ...entry,
      });
    } else if (row.frequency !== entry.frequency || (row.cron_format ?? null) !== entry.cron_format)
      await setValue(ctx, JOB_TYPE, row.name, {
        frequency: entry.frequency,
        cron_format: entry.cron_format,
      });
  }
  for (const row of existing)
    if (!wanted.has(row.method) && !row.server_script) await deleteDoc(ctx, JOB_TYPE, row.name);
}
