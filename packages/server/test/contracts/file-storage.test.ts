import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import {
  storageKey,
  type FileStorage,
  type StorageKey,
} from '../../src/platform/storage/file-storage.js';
import { createLocalStorage } from '../../src/platform/storage/local/local-storage.js';
import { createS3Storage } from '../../src/platform/storage/s3/s3-storage.js';
import { startS3Server, type TestS3Server } from '../helpers/s3-server.js';
import { startSwiftS3Server } from '../helpers/swift-s3-server.js';

/*
 * One contract for every FileStorage adapter: the local disk and S3 (against
 * s3rver and OpenStack Swift's S3 API on loopback). A new adapter is added to ADAPTERS and must pass it all.
 */

interface AdapterUnderTest {
  readonly storage: FileStorage;
  close(): Promise<void>;
}

const ADAPTERS: Record<string, () => Promise<AdapterUnderTest>> = {
  'local disk': async () => {
    const dir = await mkdtemp(join(tmpdir(), 'cortado-storage-'));
    return {
      storage: createLocalStorage(dir),
      close: () => rm(dir, { recursive: true, force: true }),
    };
  },
  's3 (s3rver)': () => s3Adapter(startS3Server()),
  's3 (Swift S3 API)': () => s3Adapter(startSwiftS3Server()),
};

async function s3Adapter(server: Promise<TestS3Server>): Promise<AdapterUnderTest> {
  const s3 = await server;
  const storage = createS3Storage({ ...s3.options, prefix: 'site-a/' });
  return {
    storage,
    async close() {
      storage.close?.();
      await s3.close();
    },
  };
}

function key(area: 'public' | 'private', name: string): StorageKey {
  const result = storageKey(area, name);
  assert.ok(result, name);
  return result;
}

async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

describe('storageKey refuses anything but one plain name', () => {
  for (const name of [
    '',
    '.',
    '..',
    '../x',
    'a/b',
    'a\\b',
    '.hidden',
    'nul\u0000.txt',
    'x'.repeat(256),
  ]) {
    it(JSON.stringify(name.slice(0, 20)), () => assert.equal(storageKey('public', name), null));
  }
  it('accepts spaces and unicode', () => {
    assert.deepEqual(storageKey('private', 'my scan – ü.pdf'), {
      area: 'private',
      name: 'my scan – ü.pdf',
    });
  });
});

for (const [label, create] of Object.entries(ADAPTERS)) {
  describe(`FileStorage contract: ${label}`, () => {
    let adapter: AdapterUnderTest;
    let storage: FileStorage;
    before(async () => {
      adapter = await create();
      storage = adapter.storage;
    });
    after(async () => adapter?.close());

    it('put, stat and read round-trip bytes; areas are separate', async () => {
      await storage.put(key('public', 'a.txt'), Readable.from([Buffer.from('public a')]));
      await storage.put(key('private', 'a.txt'), Readable.from([Buffer.from('private a!')]));
      assert.equal((await storage.stat(key('public', 'a.txt')))?.size, 8);
      assert.equal((await storage.stat(key('private', 'a.txt')))?.size, 10);
      assert.equal(
        (await readAll(await storage.read(key('public', 'a.txt')))).toString(),
        'public a',
      );
      assert.equal(
        (await readAll(await storage.read(key('private', 'a.txt')))).toString(),
        'private a!',
      );
    });

    it('stat of a missing object is null and read rejects', async () => {
      assert.equal(await storage.stat(key('public', 'missing.txt')), null);
      await assert.rejects(storage.read(key('public', 'missing.txt')));
    });

    it('reads an inclusive byte range', async () => {
      await storage.put(key('public', 'range.txt'), Readable.from([Buffer.from('0123456789')]));
      const slice = await readAll(
        await storage.read(key('public', 'range.txt'), { start: 2, end: 5 }),
      );
      assert.equal(slice.toString(), '2345');
    });

    it('put replaces an object', async () => {
      await storage.put(key('public', 'replace.txt'), Readable.from([Buffer.from('old old')]));
      await storage.put(key('public', 'replace.txt'), Readable.from([Buffer.from('new')]));
      assert.equal(
        (await readAll(await storage.read(key('public', 'replace.txt')))).toString(),
        'new',
      );
    });

    it('copy to the other area, then delete; deleting twice is fine', async () => {
      await storage.put(key('public', 'move.txt'), Readable.from([Buffer.from('moving')]));
      await storage.copy(key('public', 'move.txt'), key('private', 'moved – ü.txt'));
      await storage.delete(key('public', 'move.txt'));
      await storage.delete(key('public', 'move.txt'));
      assert.equal(await storage.stat(key('public', 'move.txt')), null);
      const moved = await readAll(await storage.read(key('private', 'moved – ü.txt')));
      assert.equal(moved.toString(), 'moving');
    });

    it('list names the objects of one area', async () => {
      const names = await storage.list('private');
      assert.ok(names.includes('a.txt'));
      assert.ok(names.includes('moved – ü.txt'));
      assert.ok(!names.includes('range.txt'));
    });

    it('a failing source stores nothing', async () => {
      const failing = new Readable({
        read() {
          this.push(Buffer.alloc(1024));
          this.destroy(new Error('client went away'));
        },
      });
      await assert.rejects(storage.put(key('public', 'broken.bin'), failing));
      assert.equal(await storage.stat(key('public', 'broken.bin')), null);
      assert.ok(!(await storage.list('public')).includes('broken.bin'));
    });

    it('a large object (several multipart parts on S3) round-trips intact', async () => {
      const size = 12 * 1024 * 1024 + 123;
      const seed = randomBytes(64 * 1024);
      const chunks = function* () {
        for (let sent = 0; sent < size; sent += seed.length)
          yield seed.subarray(0, Math.min(seed.length, size - sent));
      };
      await storage.put(key('private', 'large.bin'), Readable.from(chunks()));
      assert.equal((await storage.stat(key('private', 'large.bin')))?.size, size);
      const tail = await readAll(
        await storage.read(key('private', 'large.bin'), { start: size - 10, end: size - 1 }),
      );
      const lastChunkLength = size % seed.length;
      assert.deepEqual(tail, seed.subarray(lastChunkLength - 10, lastChunkLength));
    });

    it('presigned URLs, when offered, download the object', async () => {
      if (storage.presignedUrl === undefined) return;
      await storage.put(key('private', 'signed.txt'), Readable.from([Buffer.from('signed bytes')]));
      const url = await storage.presignedUrl(key('private', 'signed.txt'), {
        expiresIn: 60,
        fileName: 'signed.txt',
      });
      const response = await fetch(url);
      assert.equal(response.status, 200);
      assert.equal(await response.text(), 'signed bytes');
    });
  });
}
