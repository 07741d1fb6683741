import { S3Store } from '@tus/s3-store';
import { ERRORS } from '@tus/utils';
import { s3ClientConfig, type S3StorageOptions } from './s3-storage.js';

/** Where a resumable upload's objects live and how long it may stay unfinished. */
export interface ResumableS3Options extends S3StorageOptions {
  /** 0: uploads never expire. */
  readonly expiryMs: number;
}

/** Objects tus keeps per upload: the assembled bytes, `<id>.info` and an unfinished part `<id>.part`. */
const UPLOAD_SUFFIXES = ['', '.info', '.part'] as const;

/**
 * tus's S3 store (`@tus/s3-store`: an S3 multipart upload per tus upload,
 * resumed with ListParts) for one bucket, with two changes:
 *
 * - `remove` also works once the multipart upload is complete or gone
 *   (tus's own gives up at the missing upload and leaves the objects), and
 *   deletes object by object: S3's multi-object delete needs `Content-MD5`
 *   on several S3-compatible servers, which the AWS SDK no longer sends.
 * - `sweepExpired` only looks under one key prefix, so sites sharing a
 *   bucket never remove each other's uploads (tus's `deleteExpired` scans
 *   the whole bucket and needs object tagging).
 */
export class ResumableS3Store extends S3Store {
  constructor(options: ResumableS3Options) {
    super({
      s3ClientConfig: { ...s3ClientConfig(options), bucket: options.bucket },
      expirationPeriodInMilliseconds: options.expiryMs,
      // Tags only serve bucket lifecycle rules; the sweep below does not need them.
      useTags: false,
      ...(options.partSize === undefined ? {} : { partSize: options.partSize }),
    });
  }

  override async remove(id: string): Promise<void> {
    let uploadId: string | undefined;
    try {
      uploadId = (await this.getMetadata(id))['upload-id'];
    } catch (error) {
      if (isMissing(error)) throw ERRORS.FILE_NOT_FOUND;
      throw error;
    }
    if (uploadId !== undefined) await this.abort(id, uploadId);
    await this.deleteUploadObjects(id);
    await this.clearCache(id);
  }

  /**
   * Removes every upload under `prefix` created more than `expiryMs` ago,
   * finished or not, and multipart uploads or objects without their `.info`
   * (what a crash between two writes leaves) of that age. Answers how many.
   */
  async sweepExpired(prefix: string, expiryMs: number, now: number): Promise<number> {
    if (expiryMs === 0) return 0;
    const old = (date: Date | undefined) => date !== undefined && now - date.getTime() >= expiryMs;
    const expired = new Set<string>();
    const created = new Map<string, Date | undefined>();
    for (const object of await this.listObjects(prefix)) {
      const id = uploadIdOfKey(object.key);
      // The `.info` is written when the upload is created; without one, the oldest object counts.
      if (object.key.endsWith('.info') || !created.has(id)) created.set(id, object.modified);
    }
    for (const [id, date] of created) if (old(date)) expired.add(id);
    for (const upload of await this.listMultipartUploads(prefix)) {
      if (!old(upload.initiated) && !expired.has(upload.key)) continue;
      await this.abort(upload.key, upload.uploadId);
      expired.add(upload.key);
    }
    for (const id of expired) {
      await this.deleteUploadObjects(id);
      await this.clearCache(id);
    }
    return expired.size;
  }

  private async abort(key: string, uploadId: string): Promise<void> {
    try {
      await this.client.abortMultipartUpload({ Bucket: this.bucket, Key: key, UploadId: uploadId });
    } catch (error) {
      // Completed (the last byte arrived) or already aborted: nothing left to abort.
      if (!isMissing(error)) throw error;
    }
  }

  private async deleteUploadObjects(id: string): Promise<void> {
    for (const suffix of UPLOAD_SUFFIXES) {
      // Deleting a missing key succeeds in S3.
      await this.client.deleteObject({ Bucket: this.bucket, Key: id + suffix });
    }
  }

  private async listObjects(
    prefix: string,
  ): Promise<{ key: string; modified: Date | undefined }[]> {
    const objects: { key: string; modified: Date | undefined }[] = [];
    let ContinuationToken: string | undefined;
    do {
      const page = await this.client.listObjectsV2({
        Bucket: this.bucket,
        Prefix: prefix,
        ContinuationToken,
      });
      for (const item of page.Contents ?? []) {
        if (item.Key !== undefined) objects.push({ key: item.Key, modified: item.LastModified });
      }
      ContinuationToken = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (ContinuationToken !== undefined);
    return objects;
  }

  private async listMultipartUploads(
    prefix: string,
  ): Promise<{ key: string; uploadId: string; initiated: Date | undefined }[]> {
    const uploads: { key: string; uploadId: string; initiated: Date | undefined }[] = [];
    let KeyMarker: string | undefined;
    let UploadIdMarker: string | undefined;
    let truncated = true;
    while (truncated) {
      const page = await this.client.listMultipartUploads({
        Bucket: this.bucket,
        Prefix: prefix,
        KeyMarker,
        UploadIdMarker,
      });
      for (const upload of page.Uploads ?? []) {
        if (upload.Key !== undefined && upload.UploadId !== undefined)
          uploads.push({ key: upload.Key, uploadId: upload.UploadId, initiated: upload.Initiated });
      }
      truncated = page.IsTruncated === true;
      KeyMarker = page.NextKeyMarker;
      UploadIdMarker = page.NextUploadIdMarker;
    }
    return uploads;
  }
}

/** The upload a key belongs to: `<id>`, `<id>.info` and `<id>.part` are all `<id>`'s. */
function uploadIdOfKey(key: string): string {
  return key.replace(/\.(info|part)$/, '');
}

function isMissing(error: unknown): boolean {
  const { name, $metadata } = error as { name?: string; $metadata?: { httpStatusCode?: number } };
  return (
    name === 'NoSuchUpload' ||
    name === 'NoSuchKey' ||
    name === 'NotFound' ||
    $metadata?.httpStatusCode === 404
  );
}
