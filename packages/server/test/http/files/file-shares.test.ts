import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { DIALECTS } from '../../helpers/dialects.js';
import { USERS, startFilesServer, uploadForm, type FilesServer } from './files.fixtures.js';

/*
 * The File share rule (docs/spec/files.md §10, docs/spec/permissions.md §8): a
 * private, unattached File shared with a second user is readable by them
 * through its URL, `download_file`, the REST API and File lists; the share
 * counts for nobody else, gives no write, and counts not at all while
 * System Settings `disable_document_sharing` is on.
 */

const BYTES = 'quarterly ledger, private';
const URL_PATH = '/private/files/ledger.txt';

for (const dialect of DIALECTS) {
  describe(`File shares (${dialect})`, () => {
    let server: FilesServer;
    let fileName: string;
    before(async () => {
      server = await startFilesServer(dialect);
      const res = await server.request('/api/method/upload_file', {
        method: 'POST',
        body: uploadForm('ledger.txt', BYTES, { is_private: '1' }),
        user: USERS.owner,
      });
      const body = (await res.json()) as { message: { name: string; file_url: string } };
      assert.equal(res.status, 200, JSON.stringify(body));
      assert.equal(body.message.file_url, URL_PATH);
      fileName = body.message.name;
    });
    after(async () => server?.close());

    const post = (user: string, method: string, payload: Record<string, unknown>) =>
      server.request(`/api/method/${method}`, {
        method: 'POST',
        user,
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(payload),
      });
    const share = (payload: Record<string, unknown>) =>
      post('Administrator', 'frappe.share.add', { doctype: 'File', name: fileName, ...payload });
    const setSharing = async (disabled: 0 | 1) => {
      const res = await server.request('/api/resource/System%20Settings/System%20Settings', {
        method: 'PUT',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ disable_document_sharing: disabled }),
      });
      assert.equal(res.status, 200, await res.text());
    };
    /** What `user` gets at each way to the file: URL, download, REST read, list, REST write. */
    const access = async (user: string) => {
      const url = await server.request(URL_PATH, { user });
      const download = await server.request(
        `/api/method/download_file?file_url=${encodeURIComponent(URL_PATH)}`,
        { user },
      );
      const doc = await server.request(`/api/resource/File/${fileName}`, { user });
      const list = await server.request(
        '/api/resource/File?fields=["name"]&filters=[["is_folder","=",0]]&limit_page_length=0',
        { user },
      );
      const rows = ((await list.json()) as { data: { name: string }[] }).data;
      const write = await server.request(`/api/resource/File/${fileName}`, {
        method: 'PUT',
        user,
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ file_name: 'renamed.txt' }),
      });
      return {
        url: url.status,
        body: url.status === 200 ? await url.text() : null,
        download: download.status,
        doc: doc.status,
        listed: rows.some((row) => row.name === fileName),
        write: write.status,
      };
    };
    const REFUSED = { url: 403, body: null, download: 403, doc: 403, listed: false, write: 403 };
    const READS = { url: 200, body: BYTES, download: 200, doc: 200, listed: true, write: 403 };

    it('before any share, only the owner reads it', async () => {
      assert.deepEqual(await access(USERS.other), REFUSED);
      const owner = await server.request(URL_PATH, { user: USERS.owner });
      assert.equal(owner.status, 200);
    });

    it('a read share opens it to that user alone, for reading', async () => {
      const res = await share({ user: USERS.other, read: 1, share: 1 });
      assert.equal(res.status, 200, await res.text());
      assert.deepEqual(await access(USERS.other), READS);
      assert.deepEqual(await access(USERS.reader), REFUSED, 'not shared with the reader');
      assert.equal((await server.request(URL_PATH, { user: 'Guest' })).status, 403);
    });

    it('disable_document_sharing: the share counts for nothing, and no new share is made', async () => {
      const reshare = () =>
        post(USERS.other, 'frappe.share.add', {
          doctype: 'File',
          name: fileName,
          user: USERS.reader,
          read: 1,
        });
      await setSharing(1);
      try {
        assert.deepEqual(await access(USERS.other), REFUSED);
        const refused = await reshare();
        assert.equal(refused.status, 403, await refused.text());
        assert.deepEqual(await access(USERS.reader), REFUSED);
      } finally {
        await setSharing(0);
      }
      assert.deepEqual(await access(USERS.other), READS, 'the kept share counts again');
      const reshared = await reshare();
      assert.equal(reshared.status, 200, 'its share right lets the user pass it on');
      assert.deepEqual(await access(USERS.reader), READS);
      const removed = await post(USERS.other, 'frappe.share.remove', {
        doctype: 'File',
        name: fileName,
        user: USERS.reader,
      });
      assert.equal(removed.status, 200, await removed.text());
      assert.deepEqual(await access(USERS.reader), REFUSED);
    });

    it('a share with everyone reaches every logged-in user, never Guest', async () => {
      const res = await share({ everyone: 1, read: 1 });
      assert.equal(res.status, 200, await res.text());
      assert.deepEqual(await access(USERS.reader), READS);
      assert.equal((await server.request(URL_PATH, { user: 'Guest' })).status, 403);
      const removed = await post('Administrator', 'frappe.share.remove', {
        doctype: 'File',
        name: fileName,
      });
      assert.equal(removed.status, 200, await removed.text());
      assert.deepEqual(await access(USERS.reader), REFUSED);
    });

    it('removing the share closes it again', async () => {
      const res = await post('Administrator', 'frappe.share.remove', {
        doctype: 'File',
        name: fileName,
        user: USERS.other,
      });
      assert.equal(res.status, 200, await res.text());
      assert.deepEqual(await access(USERS.other), REFUSED);
    });
  });
}
