import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { ApiScenario } from '../../helpers/api-scenario.js';
import { DIALECTS } from '../../helpers/dialects.js';
import { itResolvedScenarios } from '../resource/resource.fixtures.js';
import {
  buildDocMethodsWorld,
  NOBODY,
  READER,
  WRITER,
  type DocMethodsWorld,
} from './doc-methods.fixtures.js';

/*
 * Document methods over every route Frappe offers (docs/spec/api-rest-rpc.md §4.6,
 * §5.4, §12.1, §12.3): the controller's own whitelisted methods and the
 * ones every Document has (submit, cancel, rename, add_comment), with the
 * permission matrix and the names that must be refused.
 */

const TASK = '/api/resource/Method%20Task/{task}';
const ORDER = '/api/resource/Method%20Order';
const FORM = { 'content-type': 'application/x-www-form-urlencoded' };
/** A form body; `{key}` placeholders must be appended unencoded so the scenario resolver finds them. */
const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();

const resourceMethod: ApiScenario[] = [
  {
    name: 'run_method: POST calls a controller method with the other args',
    method: 'POST',
    url: TASK,
    headers: WRITER,
    body: { run_method: 'echo', x: 1 },
    status: 200,
    contains: [{ data: { name: '{task}', args: { x: 1 } } }],
  },
  {
    name: 'run_method: GET needs only read',
    url: `${TASK}?run_method=echo&y=2`,
    headers: READER,
    status: 200,
    contains: [{ data: { args: { y: '2' } } }],
  },
  {
    name: 'run_method: POST needs write',
    method: 'POST',
    url: TASK,
    headers: READER,
    body: { run_method: 'echo' },
    status: 403,
    contains: [{ exc_type: 'PermissionError' }],
  },
  {
    name: 'run_method: no read, no call',
    url: `${TASK}?run_method=echo`,
    headers: NOBODY,
    status: 403,
    contains: [{ exc_type: 'PermissionError' }],
  },
  ...['__init__', 'db_set', '_private', 'save', 'validate'].map((method): ApiScenario => ({
    name: `run_method: ${method} exists but is not whitelisted → 403`,
    method: 'POST',
    url: TASK,
    headers: WRITER,
    body: { run_method: method, fieldname: 'status', value: 'Closed' },
    status: 403,
    contains: [{ exc_type: 'PermissionError' }],
  })),
  {
    name: 'run_method: a method that does not exist → 404',
    method: 'POST',
    url: TASK,
    headers: WRITER,
    body: { run_method: 'no_such_method' },
    status: 404,
    contains: [{ exc_type: 'DoesNotExistError' }],
  },
  {
    name: 'run_method: add_comment inserts a Comment on the document',
    method: 'POST',
    url: TASK,
    headers: WRITER,
    body: { run_method: 'add_comment', text: 'Looks good' },
    status: 200,
    contains: [
      {
        data: {
          doctype: 'Comment',
          comment_type: 'Comment',
          content: 'Looks good',
          comment_email: 'writer@example.com',
          reference_doctype: 'Method Task',
          reference_name: '{task}',
        },
      },
    ],
  },
  {
    name: 'run_method: submit',
    method: 'POST',
    url: `${ORDER}/{order}`,
    headers: WRITER,
    body: { run_method: 'submit' },
    status: 200,
    contains: [{ data: { docstatus: 1 } }],
  },
  {
    name: 'run_method: cancel',
    method: 'POST',
    url: `${ORDER}/{order}`,
    headers: WRITER,
    body: { run_method: 'cancel' },
    status: 200,
    contains: [{ data: { docstatus: 2 } }],
  },
  {
    name: 'run_method: rename',
    method: 'POST',
    url: `${ORDER}/{order2}`,
    headers: WRITER,
    body: { run_method: 'rename', name: 'ORDER-RENAMED' },
    status: 200,
  },
  {
    name: 'the renamed document reads under its new name',
    url: `${ORDER}/ORDER-RENAMED`,
    headers: WRITER,
    status: 200,
    contains: [{ data: { amount: 10 } }],
  },
];

const RUN = '/api/method/run_doc_method';

const runDocMethod: ApiScenario[] = [
  {
    name: 'run_doc_method: dt + dn, args spread, docs filtered at permlevel',
    method: 'POST',
    url: RUN,
    headers: { ...READER, ...FORM },
    body: `${form({ dt: 'Method Task', method: 'echo', args: '{"a":1}' })}&dn={task}`,
    status: 200,
    contains: [{ message: { name: '{task}', args: { a: 1 } }, docs: [{ name: '{task}' }] }],
    notContains: ['SECRET-PERMLEVEL-1'],
  },
  {
    name: 'runserverobj is the same call',
    url: `/api/method/runserverobj?dt=Method%20Task&dn={task}&method=echo`,
    headers: READER,
    status: 200,
    contains: [{ message: { name: '{task}' }, docs: [{ doctype: 'Method Task' }] }],
  },
  {
    name: 'run_doc_method: a plain args value reaches the method as args',
    method: 'POST',
    url: RUN,
    headers: WRITER,
    body: { dt: 'Method Task', dn: '{task}', method: 'echo', args: 'plain' },
    status: 200,
    contains: [{ message: { args: { args: 'plain' } } }],
  },
  {
    name: 'run_doc_method: an unsaved copy in docs',
    method: 'POST',
    url: RUN,
    headers: WRITER,
    body: {
      docs: { doctype: 'Method Task', description: 'draft', __islocal: 1 },
      method: 'echo',
    },
    status: 200,
    contains: [{ message: { name: null }, docs: [{ description: 'draft' }] }],
  },
  {
    name: 'run_doc_method: a stale copy is refused',
    method: 'POST',
    url: RUN,
    headers: WRITER,
    body: {
      docs: { doctype: 'Method Task', name: '{task}', modified: '2000-01-01 00:00:00' },
      method: 'echo',
    },
    status: 417,
    contains: [{ exc_type: 'TimestampMismatchError' }],
  },
  {
    name: 'run_doc_method: the method checks its own writes (reader cannot close)',
    method: 'POST',
    url: RUN,
    headers: READER,
    body: { dt: 'Method Task', dn: '{task2}', method: 'close' },
    status: 403,
    contains: [{ exc_type: 'PermissionError' }],
  },
  {
    name: 'run_doc_method: __init__ → 403',
    method: 'POST',
    url: RUN,
    headers: WRITER,
    body: { dt: 'Method Task', dn: '{task}', method: '__init__' },
    status: 403,
    contains: [{ exc_type: 'PermissionError' }],
  },
  {
    name: 'run_doc_method: no method → 417',
    method: 'POST',
    url: RUN,
    headers: WRITER,
    body: { dt: 'Method Task', dn: '{task}' },
    status: 417,
  },
  {
    name: 'run_doc_method: Guest → 403',
    method: 'POST',
    url: RUN,
    body: { dt: 'Method Task', dn: '{task}', method: 'echo' },
    status: 403,
    contains: [{ exc_type: 'PermissionError' }],
  },
  {
    name: 'run_doc_method: no read → 403',
    method: 'POST',
    url: RUN,
    headers: NOBODY,
    body: { dt: 'Method Task', dn: '{task}', method: 'echo' },
    status: 403,
  },
  {
    name: 'legacy cmd=run_doc_method on /',
    method: 'POST',
    url: '/',
    headers: { ...WRITER, ...FORM },
    body: `${form({ cmd: 'run_doc_method', dt: 'Method Task', method: 'echo' })}&dn={task}`,
    status: 200,
    contains: [{ message: { name: '{task}' }, docs: [{ name: '{task}' }] }],
  },
  {
    name: 'run_doc_method: writer closes a task; docs shows the stored result',
    method: 'POST',
    url: RUN,
    headers: WRITER,
    body: { dt: 'Method Task', dn: '{task2}', method: 'close' },
    status: 200,
    contains: [{ message: 'closed', docs: [{ status: 'Closed' }] }],
  },
];

const v2: ApiScenario[] = [
  {
    name: 'v2 run_doc_method: document + kwargs',
    method: 'POST',
    url: '/api/v2/method/run_doc_method',
    headers: WRITER,
    body: {
      document: { doctype: 'Method Task', name: '{task}', modified: '{taskModified}' },
      method: 'echo',
      kwargs: { k: 1 },
    },
    status: 200,
    contains: [{ data: { args: { k: 1 } }, docs: [{ name: '{task}' }] }],
  },
  {
    name: 'v2 run_doc_method: POST needs write',
    method: 'POST',
    url: '/api/v2/method/run_doc_method',
    headers: READER,
    body: { document: { doctype: 'Method Task', name: '{task}' }, method: 'echo' },
    status: 403,
    contains: [{ errors: [{ type: 'PermissionError' }] }],
  },
  {
    name: 'v2 run_doc_method: GET needs read',
    url: `/api/v2/method/run_doc_method?method=echo&document=${encodeURIComponent('{"doctype":"Method Task","name":"')}{task}${encodeURIComponent('"}')}`,
    headers: READER,
    status: 200,
    contains: [{ data: { name: '{task}' } }],
  },
  {
    name: 'v2 document method: add_comment',
    method: 'POST',
    url: '/api/v2/document/Method%20Task/{task}/method/add_comment',
    headers: WRITER,
    body: { text: 'From v2', comment_type: 'Info' },
    status: 200,
    contains: [{ data: { doctype: 'Comment', comment_type: 'Info', content: 'From v2' } }],
  },
  {
    name: 'v2 document method: db_set → 403',
    method: 'POST',
    url: '/api/v2/document/Method%20Task/{task}/method/db_set',
    headers: WRITER,
    body: { fieldname: 'status', value: 'Closed' },
    status: 403,
  },
  {
    name: 'v2 {DocType}/{method} shorthand',
    url: '/api/v2/method/Method%20Task/open_count',
    headers: WRITER,
    status: 200,
    contains: [{ data: 42 }],
  },
  {
    name: 'v2 shorthand to a method the DocType module lacks → 417',
    url: '/api/v2/method/Method%20Task/nothing_here',
    headers: WRITER,
    status: 417,
  },
];

for (const dialect of DIALECTS) {
  describe(`document methods on ${dialect}`, () => {
    let world: DocMethodsWorld;
    before(async () => void (world = await buildDocMethodsWorld(dialect)));
    after(() => world?.app.close());

    itResolvedScenarios([...resourceMethod, ...runDocMethod, ...v2], () => world);

    it('the refused calls wrote nothing and the comments are stored', async () => {
      const task = await world.app.site.db.kysely
        .selectFrom('tabMethod Task')
        .select(['status'])
        .where('name', '=', world.names['task'] ?? '')
        .executeTakeFirstOrThrow();
      assert.equal(task.status, 'Open', 'db_set / __init__ / save changed nothing');
      const comments = await world.app.site.db.kysely
        .selectFrom('tabComment')
        .select(['content'])
        .where('reference_name', '=', world.names['task'] ?? '')
        .orderBy('content')
        .execute();
      assert.deepEqual(
        comments.map((row) => row.content),
        ['From v2', 'Looks good'],
      );
    });
  });
}
