import { readFileSync } from 'node:fs';

/** Clock ticks per second of /proc's CPU times (USER_HZ: 100 on every Linux build Node runs on). */
const TICKS_PER_SECOND = 100;

/**
 * CPU seconds used so far by a process and its live descendants (a cluster's
 * primary and its workers), from Linux's /proc; undefined elsewhere, or when
 * the process is gone. What a cluster uses, read from outside it, so the load
 * driver's share and the servers' can be told apart on one machine.
 */
export function treeCpuSeconds(pid: number): number | undefined {
  try {
    let ticks = 0;
    const pending = [pid];
    while (pending.length > 0) {
      const next = pending.pop()!;
      // The command name (field 2) is in parentheses and may hold spaces: the
      // fields after its closing parenthesis start at field 3 (state);
      // utime and stime are fields 14 and 15.
      const stat = readFileSync(`/proc/${next}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      ticks += Number(fields[11]) + Number(fields[12]);
      const children = readFileSync(`/proc/${next}/task/${next}/children`, 'utf8').trim();
      if (children !== '') pending.push(...children.split(' ').map(Number));
    }
    return ticks / TICKS_PER_SECOND;
  } catch {
    return undefined;
  }
}
