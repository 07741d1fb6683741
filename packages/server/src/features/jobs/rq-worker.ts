import type { Controller } from '../../engine/runtime/app-definition.js';
import type { Doc } from '../../engine/doc.js';
import { jobStoreOf } from './job-backend.js';
import type { WorkerInfo } from './job-store.js';

/** A worker as an RQ Worker document. */
function rqWorkerDoc(worker: WorkerInfo): Doc {
  const pid = worker.name.slice(worker.name.lastIndexOf('.') + 1);
  return {
    doctype: 'RQ Worker',
    name: worker.name,
    worker_name: worker.name,
    status: worker.status,
    queue: worker.queues.join(','),
    queue_type: worker.queues.join(','),
    pid: /^\d+$/.test(pid) ? pid : '',
    docstatus: 0,
  };
}

/** RQ Worker: a read-only virtual DocType over the workers serving the site's queues, for System Managers. */
export const rqWorkerController: Controller = {
  virtual: {
    async list(ctx) {
      return (await jobStoreOf(ctx.site, ctx.uow.db).workers()).map(rqWorkerDoc);
    },
    async load(ctx, name) {
      const worker = (await jobStoreOf(ctx.site, ctx.uow.db).workers()).find(
        (candidate) => candidate.name === name,
      );
      return worker === undefined ? undefined : rqWorkerDoc(worker);
    },
  },
};
