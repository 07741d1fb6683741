/**
 * Whitelisted-method answers that are not JSON, as Frappe's functions set
 * `frappe.response.type` (docs/spec/api-rest-rpc.md §5.3): a file (`download`, `csv`,
 * `txt`, `binary`, `pdf`) or a redirect. The HTTP layer turns them into the
 * matching response.
 *
 * @example
 * return new FileResponse('csv', 'Sales_Invoice.csv', 'name,total\r\nSI-1,10\r\n');
 */
export type FileResponseType = 'download' | 'csv' | 'txt' | 'binary' | 'pdf';

export class FileResponse {
  constructor(
    readonly type: FileResponseType,
    readonly filename: string,
    readonly content: string | Buffer,
    /** Frappe's `display_content_as` for `download`: `attachment` (default) or `inline`. */
    readonly displayContentAs: 'attachment' | 'inline' = 'attachment',
    /** Frappe's `content_type` for `download`; else guessed from the file name. */
    readonly contentType?: string,
  ) {}
}

/** Frappe's `type: "redirect"`: a 302 to `location` (a path or an http(s) URL). */
export class RedirectResponse {
  constructor(readonly location: string) {}
}
