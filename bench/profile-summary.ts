// Top functions by self time in a V8 CPU profile (`node --cpu-prof`):
// `node --import tsx bench/profile-summary.ts <file.cpuprofile> [top=25]`
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';

interface ProfileNode {
  readonly id: number;
  readonly callFrame: {
    readonly functionName: string;
    readonly url: string;
    readonly lineNumber: number;
  };
}
interface Profile {
  readonly nodes: readonly ProfileNode[];
  readonly samples: readonly number[];
}

const [file, top = '25'] = process.argv.slice(2);
if (file === undefined) throw new Error('usage: profile-summary.ts <file.cpuprofile> [top]');
const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
const byId = new Map(profile.nodes.map((node) => [node.id, node]));
const self = new Map<string, number>();
for (const id of profile.samples) {
  const frame = byId.get(id)?.callFrame;
  if (frame === undefined) continue;
  const where =
    frame.url === ''
      ? ''
      : ` ${relative(process.cwd(), frame.url.replace('file://', ''))}:${frame.lineNumber + 1}`;
  const key = `${frame.functionName || '(anonymous)'}${where}`;
  self.set(key, (self.get(key) ?? 0) + 1);
}
const total = profile.samples.length;
const rows = [...self].sort((a, b) => b[1] - a[1]).slice(0, Number(top));
for (const [key, count] of rows)
  console.log(`${((count / total) * 100).toFixed(1).padStart(5)}%  ${key}`);
