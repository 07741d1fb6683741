import type { SchedulerFrequencyKey } from '../../../engine/runtime/app-definition.js';

/** `scheduler_events` keys → Scheduled Job Type `frequency` (A6). */
export const FREQUENCY_OF_KEY: Readonly<Record<SchedulerFrequencyKey, string>> = {
  all: 'All',
  hourly: 'Hourly',
  daily: 'Daily',
  weekly: 'Weekly',
  monthly: 'Monthly',
  yearly: 'Yearly',
  annual: 'Annual',
  hourly_long: 'Hourly Long',
  daily_long: 'Daily Long',
  weekly_long: 'Weekly Long',
  monthly_long: 'Monthly Long',
};

/** Each frequency as a cron expression in the site's time zone; `All` and `Cron` have none. */
const CRON_OF_FREQUENCY: Readonly<Record<string, string>> = {
  Hourly: '0 * * * *',
  Daily: '0 0 * * *',
  Weekly: '0 0 * * 0',
  Monthly: '0 0 1 * *',
  Yearly: '0 0 1 1 *',
  Annual: '0 0 1 1 *',
};

/** The cron expression of a job type, or null for `All` (every `scheduler_interval` seconds). */
export function cronOf(frequency: string, cronFormat: string | null): string | null {
  if (frequency === 'All') return null;
  if (frequency === 'Cron') return cronFormat ?? '';
  return CRON_OF_FREQUENCY[frequency.replace(/ Long$/, '')] ?? '';
}

/** `long` for the "Long" frequencies, else `default` (A6). */
export function queueOf(frequency: string): string {
  return frequency.endsWith('Long') ? 'long' : 'default';
}

/** Daily and rarer jobs are spread over the jitter window so many sites do not all start at midnight. */
export function takesJitter(frequency: string): boolean {
  return /^(Daily|Weekly|Monthly|Yearly|Annual)/.test(frequency);
}
