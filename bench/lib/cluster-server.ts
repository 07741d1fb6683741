// A bench server run as a node:cluster, through Cortado's own cluster primary
// (`startCluster`, what `cortado serve --processes N` runs):
// `node --import tsx bench/lib/cluster-server.ts <script> <processes> [args…]`.
// The primary answers run.ts's IPC (ready once every worker listens, rss,
// stop); each worker runs `<script> [args…]` (bench/server.ts or
// bench/baseline-server.ts), which listens on the port the workers share.
import { pathToFileURL } from 'node:url';
import { isClusterWorker, startCluster } from '../../packages/server/src/cluster.js';
import { answerRssQueries, send } from './child-protocol.js';

const [script, count, ...args] = process.argv.slice(2);
if (script === undefined || count === undefined)
  throw new Error('usage: cluster-server.ts <script> <processes> [args…]');

if (isClusterWorker()) {
  // The script reads its arguments from process.argv as if started on its own.
  process.argv = [process.argv[0] ?? 'node', script, ...args];
  await import(pathToFileURL(script).href);
} else {
  const processes = Number(count);
  const listening = new Set<number>();
  const primary = startCluster({
    processes,
    host: '127.0.0.1',
    handleSignals: false,
    onEvent(event) {
      if (event.type !== 'listening') return;
      listening.add(event.pid);
      if (listening.size === processes)
        send({ type: 'ready', url: event.url, rss: process.memoryUsage.rss() });
    },
  });
  answerRssQueries(() => primary.stop());
}
