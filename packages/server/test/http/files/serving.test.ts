import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { DIALECTS } from '../../helpers/dialects.js';
import { USERS, startFilesServer, uploadForm, type FilesServer } from './files.fixtures.js';

/*
 * Serving (docs/spec/files.md §9–§10): the private-file permission matrix, download_file,
 * active content, ETag / If-None-Match and Range, traversal attempts.
 */

async function uploadAs(
  server: FilesServer,
  user: string,
  fileName: string,
  bytes: string,
  fields: Record<string, string>,
): Promise<Record<string, any>> {
  const response = await server.request('/api/method/upload_file', {
    method: 'POST',
    body: uploadForm(fileName, bytes, fields),
    user,
  });
  const body = (await response.json()) as { message: Record<string, any> };
  assert.equal(response.status, 200, JSON.stringify(body));
  return body.message;
}

const CONTRACT =
  '%PDF-1.4 contract body, long enough for ranges: 0123456789abcdefghijklmnopqrstuvwxyz';

for (const dialect of DIALECTS) {
  describe(`file serving on ${dialect}`, () => {
    let server: FilesServer;
    before(async () => {
      server = await startFilesServer(dialect);
      // Private and attached to CUST-00001: readable through the document.
      await uploadAs(server, USERS.owner, 'contract.pdf', CONTRACT, {
        is_private: '1',
        doctype: 'Customer',
        docname: 'CUST-00001',
      });
      // Private and unattached: only its owner (and Administrator).
      await uploadAs(server, USERS.owner, 'diary.txt', 'dear diary', { is_private: '1' });
    });
    after(async () => server?.close());

    const status = async (path: string, user: string) =>
      (await server.request(path, { user })).status;

    it('F6: the permission matrix of an attached private file', async () => {
      const path = '/private/files/contract.pdf';
      assert.equal(await status(path, 'Guest'), 403);
      assert.equal(await status(path, USERS.owner), 200);
      assert.equal(await status(path, USERS.reader), 200, 'a user who can read the document');
      assert.equal(await status(path, USERS.manager), 200, 'System Manager reads Customer');
      assert.equal(await status(path, USERS.other), 403, 'another user');
      assert.equal(await status(path, 'Administrator'), 200);
    });

    it('the permission matrix of an unattached private file', async () => {
      const path = '/private/files/diary.txt';
      assert.equal(await status(path, 'Guest'), 403);
      assert.equal(await status(path, USERS.owner), 200);
      assert.equal(await status(path, USERS.reader), 403);
      assert.equal(
        await status(path, USERS.manager),
        403,
        "Frappe's rule: not the owner, not attached",
      );
      assert.equal(await status(path, USERS.other), 403);
      assert.equal(await status(path, 'Administrator'), 200);
    });

    it('F6: another readable row with the same URL grants access; fid narrows to one row', async () => {
      const second = await uploadAs(server, 'Administrator', 'contract.pdf', CONTRACT, {
        is_private: '1',
        doctype: 'Customer',
        docname: 'CUST-00002',
      });
      assert.equal(second.file_url, '/private/files/contract.pdf');
      assert.equal(
        await status(`/private/files/contract.pdf?fid=${second.name}`, USERS.reader),
        200,
      );
      assert.equal(await status('/private/files/contract.pdf?fid=0000000000', USERS.reader), 403);
    });

    it('File lists show public files, own files and files of readable DocTypes only', async () => {
      const urls = async (user: string) => {
        const response = await server.request(
          '/api/resource/File?fields=["file_url"]&filters=[["is_folder","=",0]]&limit_page_length=0',
          { user },
        );
        const body = (await response.json()) as { data: { file_url: string }[] };
        return new Set(body.data.map((row) => row.file_url));
      };
      const other = await urls(USERS.other);
      assert.ok(!other.has('/private/files/contract.pdf'));
      assert.ok(!other.has('/private/files/diary.txt'));
      const reader = await urls(USERS.reader);
      assert.ok(reader.has('/private/files/contract.pdf'));
      assert.ok(!reader.has('/private/files/diary.txt'));
      const owner = await urls(USERS.owner);
      assert.ok(owner.has('/private/files/diary.txt'));
      assert.ok((await urls('Administrator')).has('/private/files/diary.txt'));
    });

    it('an unknown private name is 403, an unknown public name 404', async () => {
      assert.equal(await status('/private/files/nothing.pdf', USERS.owner), 403);
      assert.equal(await status('/files/nothing.pdf', 'Guest'), 404);
    });

    it('traversal cannot leave the file areas', async () => {
      for (const path of [
        '/files/..%2Fsite_config.json',
        '/files/%2e%2e/%2e%2e/etc/passwd',
        '/files/sub/dir.txt',
        '/files/.hidden',
        '/private/files/..%2F..%2Fsite_config.json',
        '/private/files/%2e%2e%2fuploads-in-progress',
      ]) {
        const code = await status(path, 'Administrator');
        assert.ok(code === 404 || code === 403, `${path} answered ${code}`);
      }
    });

    it('F11: download_file sends an attachment to readers and 403 JSON to others', async () => {
      const ok = await server.request(
        '/api/method/download_file?file_url=/private/files/contract.pdf',
        {
          user: USERS.reader,
        },
      );
      assert.equal(ok.status, 200);
      assert.equal(ok.headers.get('content-type'), 'application/pdf');
      assert.match(
        ok.headers.get('content-disposition') ?? '',
        /^attachment; filename="contract.pdf"/,
      );
      assert.equal(await ok.text(), CONTRACT);
      const denied = await server.request(
        '/api/method/frappe.core.doctype.file.file.download_file?file_url=/private/files/contract.pdf',
        { user: USERS.other },
      );
      assert.equal(denied.status, 403);
      assert.equal(((await denied.json()) as { exc_type: string }).exc_type, 'PermissionError');
      const spaced = await uploadAs(server, USERS.owner, 'my scan.pdf', '%PDF scan', {
        is_private: '1',
      });
      const download = await server.request(
        `/api/method/download_file?file_url=${encodeURIComponent(spaced.file_url)}`,
        { user: USERS.owner },
      );
      assert.equal(download.status, 200);
      assert.match(download.headers.get('content-disposition') ?? '', /filename="my_scan.pdf"/);
    });

    it('F12: SVG and HTML are always attachments, never rendered inline', async () => {
      await uploadAs(server, USERS.owner, 'logo.svg', '<svg xmlns="http://www.w3.org/2000/svg"/>', {
        is_private: '1',
      });
      const priv = await server.request('/private/files/logo.svg', { user: USERS.owner });
      assert.equal(priv.status, 200);
      assert.equal(priv.headers.get('content-type'), 'image/svg+xml');
      assert.match(
        priv.headers.get('content-disposition') ?? '',
        /^attachment; filename="logo.svg"/,
      );
      await uploadAs(server, 'Administrator', 'page.html', '<script>alert(1)</script>', {});
      const pub = await server.request('/files/page.html', { user: 'Guest' });
      assert.match(pub.headers.get('content-disposition') ?? '', /^attachment/);
      assert.equal(pub.headers.get('x-content-type-options'), 'nosniff');
    });

    it('ETag and If-None-Match answer 304 without a body', async () => {
      // fetch adds `Cache-Control: no-cache` to conditional requests (a forced reload), which
      // rightly disables 304; a revalidating client sends max-age=0 instead.
      const first = await server.request('/private/files/contract.pdf', { user: USERS.owner });
      const etag = first.headers.get('etag');
      assert.ok(etag);
      await first.arrayBuffer();
      const again = await server.request('/private/files/contract.pdf', {
        user: USERS.owner,
        headers: { 'If-None-Match': etag, 'Cache-Control': 'max-age=0' },
      });
      assert.equal(again.status, 304);
      assert.equal(await again.text(), '');
      const stale = await server.request('/private/files/contract.pdf', {
        user: USERS.owner,
        headers: { 'If-None-Match': '"other"', 'Cache-Control': 'max-age=0' },
      });
      assert.equal(stale.status, 200);
      await stale.arrayBuffer();
    });

    it('Range requests answer 206 with the slice, 416 when unsatisfiable', async () => {
      const get = (range: string, extra: Record<string, string> = {}) =>
        server.request('/private/files/contract.pdf', {
          user: USERS.owner,
          headers: { Range: range, ...extra },
        });
      const slice = await get('bytes=5-12');
      assert.equal(slice.status, 206);
      assert.equal(slice.headers.get('content-range'), `bytes 5-12/${CONTRACT.length}`);
      assert.equal(await slice.text(), CONTRACT.slice(5, 13));
      const tail = await get('bytes=-10');
      assert.equal(await tail.text(), CONTRACT.slice(-10));
      const beyond = await get(`bytes=${CONTRACT.length + 5}-`);
      assert.equal(beyond.status, 416);
      assert.equal(beyond.headers.get('content-range'), `bytes */${CONTRACT.length}`);
      await beyond.arrayBuffer();
      const staleIfRange = await get('bytes=0-3', { 'If-Range': '"stale"' });
      assert.equal(staleIfRange.status, 200);
      assert.equal(await staleIfRange.text(), CONTRACT);
    });

    it('HEAD answers the headers only', async () => {
      const head = await server.request('/files/page.html', { user: 'Guest', method: 'HEAD' });
      assert.equal(head.status, 200);
      assert.equal(head.headers.get('content-length'), String('<script>alert(1)</script>'.length));
    });
  });
}
