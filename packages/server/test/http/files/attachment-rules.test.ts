import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { DIALECTS } from '../../helpers/dialects.js';
import {
  USERS,
  fileRows,
  startFilesServer,
  storedNames,
  uploadForm,
  type FilesServer,
} from './files.fixtures.js';

/*
 * Rules an attachment brings to its document (docs/spec/files.md §4, §5, §11):
 * `max_attachments` (vector F18) and the Attachment / Attachment Removed
 * comments on the document's timeline.
 */

async function upload(
  server: FilesServer,
  fileName: string,
  fields: Record<string, string>,
  user = 'Administrator',
): Promise<{ status: number; body: Record<string, any> }> {
  const response = await server.request('/api/method/upload_file', {
    method: 'POST',
    body: uploadForm(fileName, `bytes of ${fileName}`, fields),
    user,
  });
  return { status: response.status, body: (await response.json()) as Record<string, any> };
}

async function comments(server: FilesServer, doctype: string, name: string) {
  return server.t.site.db.kysely
    .selectFrom('tabComment')
    .select(['comment_type', 'content', 'comment_email'])
    .where('reference_doctype', '=', doctype)
    .where('reference_name', '=', name)
    .orderBy('creation')
    .execute();
}

async function newDoc(server: FilesServer, doctype: string, title: string): Promise<string> {
  const response = await server.request(`/api/resource/${doctype}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ customer_name: title }),
  });
  assert.equal(response.status, 200);
  return String(((await response.json()) as { data: { name: string } }).data.name);
}

for (const dialect of DIALECTS) {
  describe(`attachment rules on ${dialect}`, () => {
    let server: FilesServer;
    before(async () => {
      server = await startFilesServer(dialect);
    });
    after(async () => server?.close());

    it('F18: max_attachments refuses the next upload with 417 AttachmentLimitReached, storing nothing', async () => {
      const name = await newDoc(server, 'Contract', 'Limited');
      const target = { doctype: 'Contract', docname: name };
      assert.equal((await upload(server, 'one.txt', target)).status, 200);
      assert.equal((await upload(server, 'two.txt', target)).status, 200);
      const rowsBefore = (await fileRows(server.t)).length;
      const namesBefore = await storedNames(server.t.site.path);
      const third = await upload(server, 'three.txt', target, USERS.manager);
      assert.equal(third.status, 417, JSON.stringify(third.body));
      assert.equal(third.body.exc_type, 'AttachmentLimitReached');
      assert.match(
        JSON.stringify(third.body._server_messages),
        new RegExp(`Maximum Attachment Limit of <b>2</b> has been reached for Contract ${name}\\.`),
      );
      assert.equal((await fileRows(server.t)).length, rowsBefore);
      assert.deepEqual(await storedNames(server.t.site.path), namesBefore);
      // Another document of the DocType, and files not attached, are not limited.
      const other = await newDoc(server, 'Contract', 'Other');
      assert.equal(
        (await upload(server, 'three.txt', { doctype: 'Contract', docname: other })).status,
        200,
      );
      assert.equal((await upload(server, 'loose.txt', {})).status, 200);
    });

    it('after removing an attachment, the limit allows one more', async () => {
      const name = await newDoc(server, 'Contract', 'Rotating');
      const target = { doctype: 'Contract', docname: name };
      const first = await upload(server, 'r1.txt', target);
      await upload(server, 'r2.txt', target);
      assert.equal((await upload(server, 'r3.txt', target)).status, 417);
      const removed = await server.request(`/api/resource/File/${first.body.message.name}`, {
        method: 'DELETE',
      });
      assert.equal(removed.status, 202);
      assert.equal((await upload(server, 'r3.txt', target)).status, 200);
    });

    it('attaching adds an Attachment comment; deleting the File adds Attachment Removed', async () => {
      const name = await newDoc(server, 'Customer', 'Commented');
      const target = { doctype: 'Customer', docname: name };
      const pub = await upload(server, "it's public.txt", target, USERS.owner);
      assert.equal(pub.status, 200, JSON.stringify(pub.body));
      const priv = await upload(server, 'secret <b>.txt', { ...target, is_private: '1' });
      assert.equal(priv.status, 200, JSON.stringify(priv.body));
      const added = await comments(server, 'Customer', name);
      assert.deepEqual(
        added.map((row) => row.comment_type),
        ['Attachment', 'Attachment'],
      );
      assert.equal(added[0]?.comment_email, USERS.owner);
      assert.equal(
        added[0]?.content,
        "Added <a href='/files/it%27s%20public.txt' target='_blank'>it&#39;s public.txt</a>",
      );
      assert.match(
        String(added[1]?.content),
        /^Added <a href='\/private\/files\/secret%20%3Cb%3E\.txt' target='_blank'>secret &lt;b&gt;\.txt<\/a> <i class="fa fa-lock text-warning"><\/i>$/,
      );
      const removed = await server.request(`/api/resource/File/${pub.body.message.name}`, {
        method: 'DELETE',
      });
      assert.equal(removed.status, 202);
      const after = await comments(server, 'Customer', name);
      assert.equal(after.length, 3);
      assert.equal(after[2]?.comment_type, 'Attachment Removed');
      assert.equal(after[2]?.content, 'Removed it&#39;s public.txt');
    });

    it('files that are not attached, and attachments removed with their document, add no comment', async () => {
      const before = await server.t.site.db.kysely
        .selectFrom('tabComment')
        .select('name')
        .where('comment_type', 'in', ['Attachment', 'Attachment Removed'])
        .execute();
      assert.equal((await upload(server, 'plain.txt', {})).status, 200);
      const name = await newDoc(server, 'Customer', 'Doomed');
      await upload(server, 'doomed.txt', { doctype: 'Customer', docname: name });
      const deleted = await server.request(`/api/resource/Customer/${name}`, { method: 'DELETE' });
      assert.equal(deleted.status, 202);
      const afterDelete = await server.t.site.db.kysely
        .selectFrom('tabComment')
        .select(['reference_name', 'comment_type'])
        .where('comment_type', 'in', ['Attachment', 'Attachment Removed'])
        .execute();
      // Only the Attachment comment of the doomed document was added, none for its removal.
      assert.equal(afterDelete.length, before.length + 1);
      assert.ok(
        !afterDelete.some(
          (row) => row.comment_type === 'Attachment Removed' && row.reference_name === name,
        ),
      );
    });
  });
}
