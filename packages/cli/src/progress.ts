import { createRequire } from 'node:module';
import type cliProgress from 'cli-progress';
import type { SingleBar } from 'cli-progress';
import type { MigrateProgress } from '@cortado/server';

const require = createRequire(import.meta.url);

/** One report of a phased task: migrate's phases, or the demo seeding's DocTypes. */
type Progress = Pick<MigrateProgress, 'done' | 'total' | 'item'> & { readonly phase: string };

/**
 * A progress reporter on stderr for migrate and seeding: a bar per phase on a
 * terminal, one line per finished phase otherwise (CI logs).
 */
export function migrateProgress(): {
  report: (progress: Progress) => void;
  stop: () => void;
} {
  let bar: SingleBar | undefined;
  let phase: string | undefined;
  const tty = process.stderr.isTTY === true;
  const finish = () => {
    bar?.stop();
    bar = undefined;
  };
  const report = (progress: Progress) => {
    if (progress.phase !== phase) {
      finish();
      phase = progress.phase;
      if (tty) {
        // cli-progress loads only for a terminal's bar, so `cortado serve` does not carry it.
        const { SingleBar, Presets } = require('cli-progress') as typeof cliProgress;
        bar = new SingleBar(
          { format: `${phase.padEnd(14)} {bar} {value}/{total} {item}`, stream: process.stderr },
          Presets.shades_classic,
        );
        bar.start(progress.total, progress.done, { item: '' });
      }
    }
    bar?.setTotal(progress.total);
    bar?.update(progress.done, { item: progress.item ?? '' });
    if (!tty && progress.done === progress.total)
      console.error(`${phase}: ${progress.done}/${progress.total}`);
  };
  return { report, stop: finish };
}
