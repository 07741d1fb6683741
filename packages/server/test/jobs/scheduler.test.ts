import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { after, describe, test } from 'node:test';
import { createLogger } from '../../src/core/logger.js';
import { getDoc, insertDoc, saveDoc } from '../../src/engine/document.js';
import type { Context } from '../../src/engine/context.js';
import {
  jitterMs,
  runSchedulerTick,
  SLOT_TABLE,
  syncScheduledJobTypes,
  type ClaimedSlot,
} from '../../src/features/jobs/scheduler/index.js';
import { enqueue } from '../../src/features/jobs/index.js';
import { DIALECTS } from '../helpers/dialects.js';
import { BACKENDS, backendConfig, createJobSite, type JobSite } from './job-harness.js';
import { nodeArgs, siblingModule } from '../helpers/source-tree.js';

const CHILD = siblingModule('./scheduler-child.ts', import.meta.url);
const logger = createLogger({ level: 'silent' });
const DAY = 86_400_000;

async function setScheduler(ctx: Context, on: boolean): Promise<void> {
  const settings = await getDoc(ctx, 'System Settings', 'System Settings');
  await saveDoc(ctx, { ...settings, enable_scheduler: on ? 1 : 0 });
}

/** Midnight UTC `days` days from now: a daily slot after every job type's creation. */
function midnightIn(days: number): number {
  return Math.floor(Date.now() / DAY) * DAY + days * DAY;
}

for (const dialect of DIALECTS)
  describe(`scheduler (${dialect})`, () => {
    let s: JobSite;
    after(() => s?.close());

    test('scheduler_events become Scheduled Job Types (J9)', async () => {
      s = await createJobSite(dialect, { scheduler_daily_jitter_seconds: 0 });
      await s.asUser('Administrator', (ctx) => syncScheduledJobTypes(ctx, logger));
      const types = await s.site.db.kysely
        .selectFrom('tabScheduled Job Type')
        .select(['name', 'method', 'frequency', 'cron_format'])
        .orderBy('name')
        .execute();
      assert.deepEqual(types, [
        // The core app's daily backup (it does nothing unless the site sets backup_scheduled).
        {
          name: 'backups.scheduled_backup',
          method: 'frappe.utils.backups.scheduled_backup',
          frequency: 'Daily Long',
          cron_format: null,
        },
        {
          name: 'tasks.poll',
          method: 'jobs_test.tasks.poll',
          frequency: 'Cron',
          cron_format: '*/15 * * * *',
        },
        {
          name: 'tasks.rollup',
          method: 'jobs_test.tasks.rollup',
          frequency: 'Daily Long',
          cron_format: null,
        },
        {
          name: 'tasks.tick',
          method: 'jobs_test.tasks.tick',
          frequency: 'Cron',
          cron_format: '* * * * * *',
        },
      ]);
      // Syncing again changes nothing.
      await s.asUser('Administrator', (ctx) => syncScheduledJobTypes(ctx, logger));
      assert.equal(
        (await s.site.db.kysely.selectFrom('tabScheduled Job Type').select('name').execute())
          .length,
        4,
      );
    });

    test('nothing runs while the scheduler is disabled or paused', async () => {
      assert.deepEqual(await runSchedulerTick(s.site, logger, midnightIn(1)), []);
      await s.asUser('Administrator', (ctx) => setScheduler(ctx, true));
      const paused = { ...s.site, config: { ...s.site.config, pause_scheduler: true } };
      assert.deepEqual(await runSchedulerTick(paused, logger, midnightIn(1)), []);
    });

    test('a daily slot runs once on the long queue; catch-up runs only the latest missed slot', async () => {
      const stopTick = (claimed: ClaimedSlot[]) =>
        claimed.filter((c) => c.jobType === 'tasks.rollup');
      const slot = midnightIn(1);
      const first = stopTick(await runSchedulerTick(s.site, logger, slot + 30_000));
      assert.deepEqual(first, [{ jobType: 'tasks.rollup', slot, enqueued: true }]);
      const job = (await s.jobs()).find((row) => row.job_id === 'scheduled:tasks.rollup');
      assert.equal(job?.queue, 'long');
      assert.equal(job?.user, 'Administrator');
      assert.deepEqual(
        stopTick(await runSchedulerTick(s.site, logger, slot + 3_600_000)),
        [],
        'same slot again',
      );
      // Three days later with no scheduler in between: one claim, for the latest slot only.
      const later = stopTick(await runSchedulerTick(s.site, logger, midnightIn(4) + 60_000));
      assert.deepEqual(
        later,
        [{ jobType: 'tasks.rollup', slot: midnightIn(4), enqueued: false }],
        'the previous run is still queued',
      );
    });

    test('a failing scheduled job writes a Failed Scheduled Job Log with its traceback (J9)', async () => {
      s.startWorker();
      const rollup = (await s.jobs()).find((row) => row.job_id === 'scheduled:tasks.rollup')!;
      await s.waitFor(rollup.name, 'failed');
      const logs = await s.site.db.kysely
        .selectFrom('tabScheduled Job Log')
        .select(['status', 'scheduled_job_type', 'details'])
        .where('scheduled_job_type', '=', 'tasks.rollup')
        .execute();
      assert.equal(logs.length, 1);
      assert.equal(logs[0]!.status, 'Failed');
      assert.match(String(logs[0]!.details), /rollup failed/);
    });

    test('a cron string that does not parse is refused on save and skipped by the scheduler', async () => {
      await assert.rejects(
        s.asUser('Administrator', (ctx) =>
          insertDoc(ctx, {
            doctype: 'Scheduled Job Type',
            name: 'bad.cron',
            method: 'jobs_test.tasks.tick',
            frequency: 'Cron',
            cron_format: 'every tuesday',
          }),
        ),
        { name: 'ValidationError' },
      );
      await s.site.db.kysely
        .updateTable('tabScheduled Job Type')
        .set({ cron_format: 'not a cron' })
        .where('name', '=', 'tasks.poll')
        .execute();
      const claimed = await runSchedulerTick(s.site, logger, midnightIn(5));
      assert.ok(!claimed.some((c) => c.jobType === 'tasks.poll'));
      assert.ok(
        claimed.some((c) => c.jobType === 'tasks.rollup'),
        'other job types still run',
      );
    });
  });

/** One Scheduled Job Type per frequency, named after its hook key (`freq.hourly_long`). */
const FREQUENCIES: Record<string, string> = {
  all: 'All',
  hourly: 'Hourly',
  hourly_long: 'Hourly Long',
  daily: 'Daily',
  daily_long: 'Daily Long',
  weekly: 'Weekly',
  weekly_long: 'Weekly Long',
  monthly: 'Monthly',
  monthly_long: 'Monthly Long',
  yearly: 'Yearly',
  annual: 'Annual',
};

const utc = (iso: string) => Date.parse(`${iso}Z`);

/** The slots a tick at `now` claimed for the `freq.*` types, by hook key. */
async function frequencySlots(site: JobSite['site'], now: number): Promise<Record<string, string>> {
  const claimed = await runSchedulerTick(site, logger, now);
  return Object.fromEntries(
    claimed
      .filter((c) => c.jobType.startsWith('freq.'))
      .map((c) => [c.jobType.slice('freq.'.length), new Date(c.slot).toISOString()]),
  );
}

for (const dialect of DIALECTS)
  test(`every frequency claims its own slot on its own queue; maintenance mode runs nothing (${dialect})`, async () => {
    const s = await createJobSite(dialect, { scheduler_daily_jitter_seconds: 0 });
    try {
      await s.asUser('Administrator', async (ctx) => {
        await setScheduler(ctx, true);
        for (const [key, frequency] of Object.entries(FREQUENCIES))
          await insertDoc(ctx, {
            doctype: 'Scheduled Job Type',
            name: `freq.${key}`,
            method: 'jobs_test.tasks.exists',
            frequency,
          });
      });
      const maintenance = { ...s.site, config: { ...s.site.config, maintenance_mode: 1 } };
      assert.deepEqual(await runSchedulerTick(maintenance, logger, utc('2099-05-13T10:30:15')), []);
      assert.equal(
        (await s.site.db.kysely.selectFrom(SLOT_TABLE).select('name').execute()).length,
        0,
      );

      // A Wednesday morning: every type's latest slot, each the first it ever had.
      assert.deepEqual(await frequencySlots(s.site, utc('2099-05-13T10:30:15')), {
        all: '2099-05-13T10:28:00.000Z', // every scheduler_interval (240 s)
        hourly: '2099-05-13T10:00:00.000Z',
        hourly_long: '2099-05-13T10:00:00.000Z',
        daily: '2099-05-13T00:00:00.000Z',
        daily_long: '2099-05-13T00:00:00.000Z',
        weekly: '2099-05-10T00:00:00.000Z', // the Sunday before
        weekly_long: '2099-05-10T00:00:00.000Z',
        monthly: '2099-05-01T00:00:00.000Z',
        monthly_long: '2099-05-01T00:00:00.000Z',
        yearly: '2099-01-01T00:00:00.000Z',
        annual: '2099-01-01T00:00:00.000Z',
      });
      const queues = Object.fromEntries(
        (await s.jobs())
          .filter((job) => job.job_id.startsWith('scheduled:freq.'))
          .map((job) => [job.job_id.slice('scheduled:freq.'.length), job.queue]),
      );
      assert.deepEqual(queues, {
        all: 'default',
        hourly: 'default',
        hourly_long: 'long',
        daily: 'default',
        daily_long: 'long',
        weekly: 'default',
        weekly_long: 'long',
        monthly: 'default',
        monthly_long: 'long',
        yearly: 'default',
        annual: 'default',
      });
      // Within the same 4 minutes: nothing new.
      assert.deepEqual(await frequencySlots(s.site, utc('2099-05-13T10:31:59')), {});
      // The next hour: All and the hourly types only.
      assert.deepEqual(await frequencySlots(s.site, utc('2099-05-13T11:00:05')), {
        all: '2099-05-13T11:00:00.000Z',
        hourly: '2099-05-13T11:00:00.000Z',
        hourly_long: '2099-05-13T11:00:00.000Z',
      });
      // Monday 1 June, just after midnight: a new month, day and hour; the week began on Sunday 31 May.
      assert.deepEqual(await frequencySlots(s.site, utc('2099-06-01T00:00:05')), {
        all: '2099-06-01T00:00:00.000Z',
        hourly: '2099-06-01T00:00:00.000Z',
        hourly_long: '2099-06-01T00:00:00.000Z',
        daily: '2099-06-01T00:00:00.000Z',
        daily_long: '2099-06-01T00:00:00.000Z',
        weekly: '2099-05-31T00:00:00.000Z',
        weekly_long: '2099-05-31T00:00:00.000Z',
        monthly: '2099-06-01T00:00:00.000Z',
        monthly_long: '2099-06-01T00:00:00.000Z',
      });
      // New year's day: the yearly types too.
      const newYear = await frequencySlots(s.site, utc('2100-01-01T00:00:05'));
      assert.equal(newYear.yearly, '2100-01-01T00:00:00.000Z');
      assert.equal(newYear.annual, '2100-01-01T00:00:00.000Z');
      assert.equal(newYear.weekly, '2099-12-27T00:00:00.000Z');

      // With jitter, a daily slot is claimed only once its offset has passed.
      const jittered = {
        ...s.site,
        config: { ...s.site.config, scheduler_daily_jitter_seconds: 600 },
      };
      const offset = jitterMs(s.site.name, 'freq.daily', 600);
      const day = utc('2100-01-02T00:00:00');
      // One millisecond early (a slot was once claimed up to a second before it was due).
      const before = await frequencySlots(jittered, day + offset - 1);
      assert.equal(before.daily, undefined, "still the day before's slot, already claimed");
      assert.equal(before.hourly, '2100-01-02T00:00:00.000Z', 'hourly takes no jitter');
      const onTime = await frequencySlots(jittered, day + offset);
      assert.equal(onTime.daily, '2100-01-02T00:00:00.000Z');
    } finally {
      await s.close();
    }
  });

for (const dialect of DIALECTS)
  test(`a full queue skips its job types' slots; the other queues' types still run (${dialect})`, async () => {
    const s = await createJobSite(dialect, { max_queued_jobs: 1 });
    try {
      await s.asUser('Administrator', async (ctx) => {
        await setScheduler(ctx, true);
        for (const [name, frequency] of Object.entries({
          'freq.all': 'All',
          'freq.hourly_long': 'Hourly Long',
        }))
          await insertDoc(ctx, {
            doctype: 'Scheduled Job Type',
            name,
            method: 'jobs_test.tasks.exists',
            frequency,
          });
        // max_queued_jobs + 50 waiting jobs fill `default`.
        for (let i = 0; i < 51; i++) await enqueue(ctx, { method: 'jobs_test.tasks.exists' });
      });
      const claimed = await runSchedulerTick(s.site, logger, utc('2099-05-13T10:30:15'));
      assert.deepEqual(
        claimed
          .filter((c) => c.jobType.startsWith('freq.'))
          .map((c) => [c.jobType, c.enqueued])
          .sort(),
        [
          ['freq.all', false],
          ['freq.hourly_long', true],
        ],
      );
      const scheduled = (await s.jobs()).filter((job) => job.job_id.startsWith('scheduled:freq.'));
      assert.deepEqual(
        scheduled.map((job) => job.job_id),
        ['scheduled:freq.hourly_long'],
      );
    } finally {
      await s.close();
    }
  });

test('daily jitter is stable per site and job type and stays inside its window', () => {
  const a = jitterMs('a.localhost', 'tasks.rollup', 600);
  assert.equal(a, jitterMs('a.localhost', 'tasks.rollup', 600));
  assert.ok(a >= 0 && a < 600_000);
  const spread = new Set(
    Array.from({ length: 20 }, (_, i) => jitterMs(`site${i}.localhost`, 'tasks.rollup', 600)),
  );
  assert.ok(spread.size > 15, 'sites start at different times');
  assert.equal(jitterMs('a.localhost', 'tasks.rollup', 0), 0);
});

for (const backend of BACKENDS)
  for (const dialect of DIALECTS)
    test(`three scheduler processes: each slot is claimed once and enqueued once (${backend}, ${dialect})`, async () => {
      const s = await createJobSite(dialect, {
        scheduler_tick_seconds: 0.1,
        ...backendConfig(backend),
      });
      const children: ChildProcess[] = [];
      try {
        await s.asUser('Administrator', (ctx) => setScheduler(ctx, true));
        const claims: (ClaimedSlot & { process: number })[] = [];
        const ready: Promise<void>[] = [];
        for (let i = 0; i < 3; i++) {
          const child = spawn(process.execPath, nodeArgs(CHILD, [s.dir, s.name]), {
            stdio: ['ignore', 'pipe', 'pipe'],
          });
          children.push(child);
          let buffered = '';
          ready.push(
            new Promise((resolve, reject) => {
              child.once('exit', (code) => reject(new Error(`scheduler ${i} exited with ${code}`)));
              child.stdout!.on('data', (chunk: Buffer) => {
                buffered += chunk.toString();
                const lines = buffered.split('\n');
                buffered = lines.pop() ?? '';
                for (const line of lines) {
                  if (line === 'ready') resolve();
                  else if (line.startsWith('{'))
                    claims.push({ ...(JSON.parse(line) as ClaimedSlot), process: i });
                }
              });
            }),
          );
        }
        await Promise.all(ready);
        const ticks = () => claims.filter((c) => c.jobType === 'tasks.tick');
        const deadline = Date.now() + 240_000;
        while (new Set(ticks().map((c) => c.slot)).size < 4) {
          assert.ok(Date.now() < deadline, `only ${ticks().length} slots claimed`);
          await new Promise((resolve) => setTimeout(resolve, 50));
        }
        for (const child of children) child.kill('SIGKILL');
        const keys = claims.map((c) => `${c.jobType}|${c.slot}`);
        assert.equal(
          new Set(keys).size,
          keys.length,
          `a slot was claimed twice: ${keys.join(', ')}`,
        );
        const rows = await s.site.db.kysely.selectFrom(SLOT_TABLE).select('name').execute();
        assert.ok(rows.length >= new Set(keys).size);
        // The slots' jobs reached the backend (on BullMQ: relayed from the outbox by the scheduler processes).
        const tickJobs = (await s.jobs()).filter((job) => job.job_id === 'scheduled:tasks.tick');
        assert.equal(tickJobs.length, 1, 'one job id per job type, deduplicated while queued');
        assert.equal(tickJobs[0]!.method, 'jobs_test.tasks.tick');
      } finally {
        for (const child of children) child.kill('SIGKILL');
        await s.close();
      }
    });
