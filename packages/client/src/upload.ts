import type { CortadoClient } from './client.js';
import type { RawBody, RequestOptions } from './transport.js';

/*
 * File upload through `upload_file` (multipart/form-data, the bytes in the
 * part named `file`). A function beside the client rather than a method, so
 * bundles that never upload leave it out. Blobs go through the runtime's
 * FormData; streams are framed here as they are read, so a large file never
 * sits in memory whole.
 */

/**
 * What {@link uploadFile} can send: a `Blob` or `File` (browsers; Node's
 * `fs.openAsBlob`), bytes, a web `ReadableStream`, or any async iterable of
 * bytes such as a Node stream (`fs.createReadStream`).
 */
export type UploadContent =
  | Blob
  | ArrayBuffer
  | ArrayBufferView
  | ReadableStream<Uint8Array>
  | AsyncIterable<Uint8Array | string>;

/**
 * The file and the fields of {@link uploadFile}; give `file` or `fileUrl`.
 *
 * @example
 * const args: UploadArgs = { file: blob, fileName: 'scan.pdf', isPrivate: true, doctype: 'Customer', docname: 'CUST-0001' };
 */
export interface UploadArgs {
  /** The content. */
  readonly file?: UploadContent;
  /** The stored file's name; defaults to a `File`'s own name. Required for other content. */
  readonly fileName?: string;
  /** `true` stores it under `/private/files/` (readable only by those allowed); default public, as in Frappe. */
  readonly isPrivate?: boolean;
  /** Attach to this document (needs write permission on it). */
  readonly doctype?: string;
  readonly docname?: string;
  /** The Attach field of the document the file belongs to (`attached_to_field`). */
  readonly fieldname?: string;
  /** The File folder (default `Home`). */
  readonly folder?: string;
  /** Registers a URL (`https://…`, or an existing `/files/…`) instead of sending bytes. */
  readonly fileUrl?: string;
}

/** The File document the server answers with (null fields are left out). */
export interface FileDoc {
  doctype: 'File';
  name: string;
  file_name: string;
  file_url: string;
  is_private: 0 | 1;
  file_size?: number;
  content_hash?: string;
  folder?: string;
  attached_to_doctype?: string;
  attached_to_name?: string;
  attached_to_field?: string;
  owner?: string;
  creation?: string;
  modified?: string;
  [key: string]: unknown;
}

/**
 * Uploads a file (`POST /api/method/upload_file`, v2: `/api/v2/method/upload_file`)
 * with the client's authentication, and resolves with the File document.
 * Server refusals are typed: `MaxFileSizeReachedError` and
 * `FileTypeNotAllowed` (417), `RequestEntityTooLarge` (413),
 * `PermissionError` (403). A streamed body can be sent only once, so streams
 * are not retried.
 *
 * @example
 * import { createReadStream } from 'node:fs';
 * const file = await uploadFile(erp, { file: createReadStream('scan.pdf'), fileName: 'scan.pdf', isPrivate: true });
 * console.log(file.file_url); // /private/files/scan.pdf
 */
export async function uploadFile<M extends object>(
  client: CortadoClient<M>,
  args: UploadArgs,
  options?: RequestOptions,
): Promise<FileDoc> {
  const fields = uploadFields(args);
  const content = args.file;
  let body: (() => RawBody) | undefined;
  let once = false;
  if (content === undefined) {
    if (args.fileUrl === undefined) throw new TypeError('uploadFile needs `file` or `fileUrl`');
    body = () => ({ body: formData(fields) });
  } else {
    const fileName = args.fileName ?? nameOf(content);
    if (fileName === undefined || fileName === '')
      throw new TypeError('uploadFile needs `fileName` unless `file` is a File');
    const blob = asBlob(content);
    if (blob !== undefined) body = () => ({ body: formData(fields, blob, fileName) });
    else {
      once = true;
      body = () => multipartStream(fields, fileName, content as StreamContent);
    }
  }
  const path =
    client.apiVersion === 'v2' ? '/api/v2/method/upload_file' : '/api/method/upload_file';
  const reply = await client.request(
    { method: 'POST', path, body },
    once ? { ...options, retry: false } : options,
  );
  return (client.apiVersion === 'v2' ? reply['data'] : reply['message']) as FileDoc;
}

type StreamContent = ReadableStream<Uint8Array> | AsyncIterable<Uint8Array | string>;

/** The form fields, in Frappe's names, of the options given. */
function uploadFields(args: UploadArgs): Array<[string, string]> {
  const fields: Array<[string, string | undefined]> = [
    ['is_private', args.isPrivate === undefined ? undefined : args.isPrivate ? '1' : '0'],
    ['doctype', args.doctype],
    ['docname', args.docname],
    ['fieldname', args.fieldname],
    ['folder', args.folder],
    ['file_url', args.fileUrl],
    ['file_name', args.fileName],
  ];
  return fields.filter((field): field is [string, string] => field[1] !== undefined);
}

function nameOf(content: UploadContent): string | undefined {
  const name = (content as { name?: unknown }).name;
  return typeof Blob !== 'undefined' && content instanceof Blob && typeof name === 'string'
    ? name
    : undefined;
}

/** Content the runtime's FormData can carry, as a Blob; undefined for streams. */
function asBlob(content: UploadContent): Blob | undefined {
  if (content instanceof Blob) return content;
  if (content instanceof ArrayBuffer) return new Blob([content]);
  if (ArrayBuffer.isView(content))
    return new Blob([
      new Uint8Array(
        content.buffer,
        content.byteOffset,
        content.byteLength,
      ) as Uint8Array<ArrayBuffer>,
    ]);
  return undefined;
}

function formData(fields: Array<[string, string]>, blob?: Blob, fileName?: string): FormData {
  const form = new FormData();
  for (const [key, value] of fields) form.append(key, value);
  if (blob !== undefined) form.append('file', blob, fileName);
  return form;
}

/**
 * A multipart/form-data body (RFC 7578) whose file part is read from
 * `source` as the request is sent. Names are escaped as the HTML standard
 * escapes them in FormData (`"`, CR and LF percent-encoded).
 */
function multipartStream(
  fields: Array<[string, string]>,
  fileName: string,
  source: StreamContent,
): RawBody {
  const boundary = `----CortadoFormBoundary${hex(crypto.getRandomValues(new Uint8Array(12)))}`;
  const encoder = new TextEncoder();
  const head =
    fields
      .map(
        ([key, value]) =>
          `--${boundary}\r\nContent-Disposition: form-data; name="${escapeName(key)}"\r\n\r\n${value}\r\n`,
      )
      .join('') +
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${escapeName(fileName)}"\r\n` +
    'Content-Type: application/octet-stream\r\n\r\n';
  const chunks = iterate(source);
  let started = false;
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (!started) {
        started = true;
        controller.enqueue(encoder.encode(head));
        return;
      }
      const next = await chunks.next();
      if (next.done === true) {
        controller.enqueue(encoder.encode(`\r\n--${boundary}--\r\n`));
        controller.close();
      } else {
        controller.enqueue(
          typeof next.value === 'string' ? encoder.encode(next.value) : next.value,
        );
      }
    },
    async cancel(reason) {
      await chunks.return?.(reason);
    },
  });
  return { body, contentType: `multipart/form-data; boundary=${boundary}` };
}

/** Reads a web stream or an async iterable chunk by chunk (older browsers' streams are not iterable). */
async function* iterate(source: StreamContent): AsyncGenerator<Uint8Array | string> {
  if (!(typeof ReadableStream !== 'undefined' && source instanceof ReadableStream)) {
    yield* source as AsyncIterable<Uint8Array | string>;
    return;
  }
  const reader = source.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      yield value;
    }
  } finally {
    reader.releaseLock();
  }
}

function escapeName(name: string): string {
  return name.replace(/\r/g, '%0D').replace(/\n/g, '%0A').replace(/"/g, '%22');
}

function hex(bytes: Uint8Array): string {
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
}
