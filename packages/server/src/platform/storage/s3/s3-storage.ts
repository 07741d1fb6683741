import { Readable } from 'node:stream';
import {
  CopyObjectCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  S3Client,
  type S3ClientConfig,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import type { FileArea, FileStorage, StorageKey } from '../file-storage.js';

/** Where and how to reach the bucket. */
export interface S3StorageOptions {
  readonly bucket: string;
  readonly region: string;
  /** S3-compatible servers (MinIO, R2, s3rver); unset means AWS. */
  readonly endpoint?: string | null;
  readonly accessKeyId?: string | null;
  readonly secretAccessKey?: string | null;
  /** `http://host/bucket/key` instead of `http://bucket.host/key` (most S3-compatible servers). */
  readonly forcePathStyle?: boolean;
  /** Key prefix, so several sites can share a bucket (`<site>/`). */
  readonly prefix?: string;
  /** Part size of multipart uploads in bytes (minimum 5 MiB, S3's rule). */
  readonly partSize?: number;
}

const MIN_PART_SIZE = 5 * 1024 * 1024;

/**
 * Files in an S3-compatible bucket, keyed `<prefix><area>/files/<name>`.
 * Uploads stream through the SDK's managed multipart upload (parts of
 * `partSize`, two at a time), so memory stays bounded whatever the size.
 */
export function createS3Storage(options: S3StorageOptions): FileStorage {
  const client = new S3Client(s3ClientConfig(options));
  const Bucket = options.bucket;
  const prefix = options.prefix ?? '';
  const areaPrefix = (area: FileArea) => `${prefix}${area}/files/`;
  const Key = (key: StorageKey) => areaPrefix(key.area) + key.name;
  return {
    async put(key, body) {
      const upload = new Upload({
        client,
        params: { Bucket, Key: Key(key), Body: body },
        partSize: Math.max(options.partSize ?? MIN_PART_SIZE, MIN_PART_SIZE),
        queueSize: 2,
        leavePartsOnError: false,
      });
      await upload.done();
    },
    async stat(key) {
      try {
        const head = await client.send(new HeadObjectCommand({ Bucket, Key: Key(key) }));
        return { size: head.ContentLength ?? 0, modifiedMs: head.LastModified?.getTime() ?? 0 };
      } catch (error) {
        if (isNotFound(error)) return null;
        throw error;
      }
    },
    async read(key, range) {
      const object = await client.send(
        new GetObjectCommand({
          Bucket,
          Key: Key(key),
          ...(range === undefined ? {} : { Range: `bytes=${range.start}-${range.end}` }),
        }),
      );
      const body = object.Body;
      if (!(body instanceof Readable)) throw new Error(`S3 returned no stream for ${Key(key)}`);
      return body;
    },
    async copy(from, to) {
      await client.send(
        new CopyObjectCommand({
          Bucket,
          Key: Key(to),
          CopySource: `${Bucket}/${Key(from).split('/').map(encodeURIComponent).join('/')}`,
        }),
      );
    },
    async delete(key) {
      await client.send(new DeleteObjectCommand({ Bucket, Key: Key(key) }));
    },
    async list(area) {
      const names: string[] = [];
      let ContinuationToken: string | undefined;
      do {
        const page = await client.send(
          new ListObjectsV2Command({ Bucket, Prefix: areaPrefix(area), ContinuationToken }),
        );
        for (const item of page.Contents ?? []) {
          if (item.Key !== undefined) names.push(item.Key.slice(areaPrefix(area).length));
        }
        ContinuationToken = page.IsTruncated ? page.NextContinuationToken : undefined;
      } while (ContinuationToken !== undefined);
      return names;
    },
    presignedUrl(key, { expiresIn, fileName }) {
      const command = new GetObjectCommand({
        Bucket,
        Key: Key(key),
        ResponseContentDisposition: `attachment; filename*=UTF-8''${encodeURIComponent(fileName)}`,
      });
      return getSignedUrl(client, command, { expiresIn });
    },
    close() {
      client.destroy();
    },
  };
}

/** How the AWS SDK reaches the bucket of `options` (shared with the resumable-upload store). */
export function s3ClientConfig(options: S3StorageOptions): S3ClientConfig {
  return {
    region: options.region,
    ...(options.endpoint ? { endpoint: options.endpoint } : {}),
    forcePathStyle: options.forcePathStyle === true,
    ...(options.accessKeyId && options.secretAccessKey
      ? {
          credentials: {
            accessKeyId: options.accessKeyId,
            secretAccessKey: options.secretAccessKey,
          },
        }
      : {}),
    // Only when an operation needs one: many S3-compatible servers reject the newer default checksums.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  };
}

function isNotFound(error: unknown): boolean {
  const { name, $metadata } = error as { name?: string; $metadata?: { httpStatusCode?: number } };
  return name === 'NotFound' || name === 'NoSuchKey' || $metadata?.httpStatusCode === 404;
}
