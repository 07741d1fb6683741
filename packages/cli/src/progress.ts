import { SingleBar, Presets } from 'cli-progress';
import type { MigrateProgress } from '@cortado/server';

/**
 * A migrate progress reporter on stderr: a bar per phase on a terminal, one
 * line per finished phase otherwise (CI logs).
 */
export function migrateProgress(): {
  report: (progress: MigrateProgress) => void;
  stop: () => void;
} {
  let bar: SingleBar | undefined;
  let phase: string | undefined;
  const tty = process.stderr.isTTY === true;
  const finish = () => {
    bar?.stop();
    bar = undefined;
  };
  const report = (progress: MigrateProgress) => {
    if (progress.phase !== phase) {
      finish();
      phase = progress.phase;
      if (tty) {
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
