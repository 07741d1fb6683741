import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { enqueue } from '../../src/features/jobs/index.js';
import { generateUserApiKeys } from '../../src/sites/user-api-keys.js';
import { DIALECTS } from '../helpers/dialects.js';
import { createJobSite } from '../jobs/job-harness.js';
import {
  connect,
  record,
  startServerChild,
  waitForEvents,
  type Cleanups,
} from './realtime-harness.js';
import { nodeArgs, siblingModule } from '../helpers/source-tree.js';

const WORKER_CHILD = siblingModule('../jobs/worker-child.ts', import.meta.url);
const REDIS = 'redis://127.0.0.1:6379/0';
const cleanups: Cleanups = [];
after(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

for (const dialect of DIALECTS.slice(0, 1))
  test(`publish_realtime and publish_progress reach sockets from a worker process and from a server's job thread (${dialect})`, async () => {
    const s = await createJobSite(dialect);
    cleanups.push(() => s.close());
    writeFileSync(
      join(s.dir, 'common_site_config.json'),
      JSON.stringify({ redis_socketio: REDIS }),
    );
    const keys = await generateUserApiKeys(s.site, 'Administrator');
    const auth = { Authorization: `token ${keys.api_key}:${keys.api_secret}` };
    const notify = (text: string, task: string) =>
      s.asUser('Administrator', (ctx) =>
        enqueue(ctx, { method: 'jobs_test.tasks.notify', kwargs: { text, task_id: task } }),
      );

    // A server without workers, and a `cortado worker` process running the job in a thread.
    const url = await startServerChild(cleanups, s.dir, s.name);
    const socket = await connect(cleanups, url, s.name, auth);
    const seen = record(socket);
    await socket.emitWithAck('task_subscribe', 'task-1');
    await socket.emitWithAck('task_subscribe', 'task-2');
    const worker = spawn(process.execPath, nodeArgs(WORKER_CHILD, [s.dir, s.name]), {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    cleanups.push(() => {
      worker.kill('SIGKILL');
    });
    await notify('from the worker process', 'task-1');
    await waitForEvents(seen, ['job_note', 'progress']);
    assert.deepEqual(seen.get('job_note'), [{ text: 'from the worker process' }]);
    assert.deepEqual(seen.get('progress'), [{ percent: 50, title: 'Halfway', description: '' }]);
    worker.kill('SIGKILL');

    // A server running its own job worker threads: the thread hands the events to its process.
    const withWorkers = await startServerChild(cleanups, s.dir, s.name, { workers: true });
    const second = await connect(cleanups, withWorkers, s.name, auth);
    const seenThere = record(second);
    seen.clear();
    await notify('from a server thread', 'task-2');
    await waitForEvents(seenThere, ['job_note']);
    await waitForEvents(seen, ['job_note', 'progress']);
    assert.deepEqual(seenThere.get('job_note'), [{ text: 'from a server thread' }]);
    assert.deepEqual(
      seen.get('job_note'),
      [{ text: 'from a server thread' }],
      'once, on the other server too',
    );
    assert.equal(seenThere.has('progress'), false, 'not subscribed to that task there');
  });
