/**
 * Entry of a job runner thread: opens the site named in `workerData` with its
 * own database connection and runs the jobs the parent sends, one at a time,
 * each in its own transaction as the user who enqueued it (run again after a
 * deadlock or lock timeout, as Frappe's worker does). The parent
 * terminates the thread when a job exceeds its timeout, which stops even a
 * job that never yields; its open transaction dies with its connection.
 * Realtime events the jobs publish are posted to the parent.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { openSite } from './sites/open-site.js';
import {
  describeFailure,
  type RunRequest,
  type ThreadMessage,
} from './features/jobs/runner-protocol.js';
import { runJobTransaction } from './features/jobs/run-job-transaction.js';
import { realtimeDocListener, setRealtimeFallback } from './features/realtime/index.js';

const { sitesDir, siteName } = workerData as { sitesDir: string; siteName: string };
const port = parentPort;
if (port === null) throw new Error('job-thread must run as a worker thread');
const post = (message: ThreadMessage) => port.postMessage(message);

try {
  const site = await openSite(sitesDir, siteName);
  // The thread has no socket.io server: what its jobs publish (and their
  // saves' doc_update) goes to the parent, which delivers it.
  setRealtimeFallback((name, event) => post({ type: 'realtime', site: name, event }));
  site.events.subscribe(realtimeDocListener(site));
  port.on('message', (request: RunRequest) => {
    runJobTransaction(site, request).then(
      (result) => post({ type: 'done', outcome: { ok: true, result: jsonResult(result) } }),
      (error: unknown) => post({ type: 'done', outcome: describeFailure(error) }),
    );
  });
  post({ type: 'ready' });
} catch (error) {
  post({ type: 'fatal', message: error instanceof Error ? error.message : String(error) });
}

/** The result as JSON keeps it (a value JSON cannot carry becomes null rather than failing a committed job). */
function jsonResult(value: unknown): unknown {
  try {
    return JSON.parse(JSON.stringify(value ?? null)) as unknown;
  } catch {
    return null;
  }
}
