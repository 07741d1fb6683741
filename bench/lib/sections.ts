import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The extra sections `--full` runs after the HTTP scenarios. */
export const FULL_SECTIONS = [
  'engine',
  'cpu',
  'webhooks',
  'jobs',
  'auth',
  'rate-limit',
  'startup',
  'files',
  'openapi',
  'realtime',
  'server-scripts',
  'scaling',
] as const;

/** What a section printed, and whether it finished. */
export interface SectionResult {
  readonly name: string;
  readonly output: string;
  /** How it failed (exit code or signal); absent when it exited 0. */
  readonly failure?: string;
}

const script = (name: string) => fileURLToPath(new URL(`../${name}.ts`, import.meta.url));

/** Refuses unknown section names before the long HTTP run rather than after it. */
export function checkSections(names: readonly string[]): void {
  const missing = names.filter((name) => !existsSync(script(name)));
  if (missing.length > 0)
    throw new Error(`--with: no ${missing.map((name) => `bench/${name}.ts`).join(', ')}`);
}

/**
 * Runs `bench/<name>.ts` in its own process with `args`; its stdout (a
 * Markdown table) is echoed as it is kept, its stderr (progress) passes
 * through. A failed section is reported, not thrown, so the others still run.
 */
export function runSection(name: string, args: readonly string[]): SectionResult {
  process.stdout.write(`\n## ${name}\n\n`);
  const run = spawnSync(process.execPath, ['--import', 'tsx', script(name), ...args], {
    stdio: ['ignore', 'pipe', 'inherit'],
    encoding: 'utf8',
    maxBuffer: 16 * 1024 * 1024,
  });
  const output = `${run.stdout ?? ''}${run.error === undefined ? '' : `\n${run.error.message}\n`}`;
  process.stdout.write(output);
  if (run.status === 0) return { name, output };
  const failure = `bench/${name}.ts failed (${run.status === null ? `signal ${run.signal}` : `exit ${run.status}`})`;
  process.stdout.write(`\n${failure}\n`);
  return { name, output, failure };
}

/** The sections as Markdown to append to the run's report. */
export function sectionsMarkdown(sections: readonly SectionResult[]): string {
  return sections
    .map(
      (s) =>
        `\n## ${s.name}\n\n${s.output.trim()}\n${s.failure === undefined ? '' : `\n**${s.failure}**\n`}`,
    )
    .join('');
}
