import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import sharp from 'sharp';
import { DIALECTS } from '../../helpers/dialects.js';
import { startFilesServer, uploadForm, type FilesServer } from './files.fixtures.js';

/*
 * upload_file with `optimize=1` (docs/spec/files.md §7, vector F13): large raster
 * images are scaled down into their bounds in their own format; small
 * images, SVG and unreadable images are stored as sent.
 */

function md5(bytes: Uint8Array): string {
  return createHash('md5').update(bytes).digest('hex');
}

function image(width: number, height: number, format: 'jpeg' | 'png' | 'webp'): Promise<Buffer> {
  return sharp({
    create: { width, height, channels: 3, background: { r: 200, g: 40, b: 90 } },
  })
    .toFormat(format)
    .toBuffer();
}

for (const dialect of DIALECTS) {
  describe(`upload_file optimize on ${dialect}`, () => {
    let server: FilesServer;
    before(async () => {
      server = await startFilesServer(dialect, { deduplicate_files: false });
    });
    after(async () => server?.close());

    async function upload(name: string, bytes: Uint8Array, fields: Record<string, string>) {
      const response = await server.request('/api/method/upload_file', {
        method: 'POST',
        body: uploadForm(name, bytes, fields),
      });
      const body = (await response.json()) as {
        message: Record<string, any>;
        _server_messages?: string;
      };
      assert.equal(response.status, 200, JSON.stringify(body));
      const stored = new Uint8Array(
        await (await fetch(server.url + body.message.file_url)).arrayBuffer(),
      );
      return { file: body.message, stored, messages: body._server_messages ?? '' };
    }

    it('F13: a 4000×3000 JPEG becomes 1024×768 JPEG; the stored bytes are what is hashed and sized', async () => {
      const original = await image(4000, 3000, 'jpeg');
      const { file, stored } = await upload('photo.jpg', original, { optimize: '1' });
      const meta = await sharp(stored).metadata();
      assert.deepEqual([meta.width, meta.height, meta.format], [1024, 768, 'jpeg']);
      assert.equal(file.file_size, stored.length);
      assert.equal(file.content_hash, md5(stored));
      assert.ok(stored.length < original.length);
    });

    it('80 % of the side bounds smaller images, and max_width / max_height narrow the box', async () => {
      const png = await upload('plan.png', await image(800, 600, 'png'), { optimize: '1' });
      const pngMeta = await sharp(png.stored).metadata();
      assert.deepEqual([pngMeta.width, pngMeta.height, pngMeta.format], [640, 480, 'png']);
      const narrow = await upload('wide.webp', await image(4000, 3000, 'webp'), {
        optimize: '1',
        max_width: '500',
        max_height: '500',
      });
      const narrowMeta = await sharp(narrow.stored).metadata();
      assert.deepEqual(
        [narrowMeta.width, narrowMeta.height, narrowMeta.format],
        [500, 375, 'webp'],
      );
    });

    it('an animated GIF keeps every frame, each scaled', async () => {
      const frame = (r: number) =>
        sharp({ create: { width: 1000, height: 800, channels: 3, background: { r, g: 0, b: 0 } } })
          .png()
          .toBuffer();
      const gif = await sharp([await frame(255), await frame(10)], { join: { animated: true } })
        .gif()
        .toBuffer();
      const { stored } = await upload('blink.gif', gif, { optimize: '1' });
      const meta = await sharp(stored, { animated: true }).metadata();
      assert.deepEqual(
        [meta.width, meta.pageHeight, meta.pages, meta.format],
        [800, 640, 2, 'gif'],
      );
    });

    it('small images, SVG, and uploads without optimize keep their bytes', async () => {
      const small = await image(200, 150, 'jpeg');
      assert.equal(
        (await upload('small.jpg', small, { optimize: '1' })).file.content_hash,
        md5(small),
      );
      const big = await image(2000, 1500, 'jpeg');
      assert.equal((await upload('asis.jpg', big, {})).file.content_hash, md5(big));
      const svg = Buffer.from(
        '<svg xmlns="http://www.w3.org/2000/svg" width="4000" height="3000"/>',
      );
      assert.equal((await upload('shape.svg', svg, { optimize: '1' })).file.content_hash, md5(svg));
      const text = Buffer.from('not an image at all');
      assert.equal(
        (await upload('notes.txt', text, { optimize: '1' })).file.content_hash,
        md5(text),
      );
    });

    it("an image that cannot be read is stored as sent, with Frappe's message", async () => {
      const broken = Buffer.from('this is not really a JPEG');
      const { file, messages } = await upload('broken.jpg', broken, { optimize: '1' });
      assert.equal(file.content_hash, md5(broken));
      assert.match(messages, /Failed to optimize image: /);
    });
  });
}
