import type { Context } from '../../engine/context.js';

const MIB = 1024 * 1024;

/** The System Settings and site config the file feature reads (docs/spec/files.md §2, §6). */
export interface FileSettings {
  /** Bytes an upload may have. */
  readonly maxFileSize: number;
  /** True when the limit comes from System Settings (a larger file is 417 MaxFileSizeReachedError, not 413). */
  readonly limitFromSystemSettings: boolean;
  /** Upper-case file types (`PDF`, `PNG`); empty allows every type. */
  readonly allowedExtensions: ReadonlySet<string>;
  readonly allowGuestsToUpload: boolean;
  /** Identical content shares one stored object (site config `deduplicate_files`, default on). */
  readonly deduplicate: boolean;
}

const FIELDS = ['max_file_size', 'allowed_file_extensions', 'allow_guests_to_upload_files'];

/** Reads the settings in the request's transaction. */
export async function readFileSettings(ctx: Context): Promise<FileSettings> {
  const rows = await ctx.uow.db
    .selectFrom('tabSingles')
    .select(['field', 'value'])
    .where('doctype', '=', 'System Settings')
    .where('field', 'in', FIELDS)
    .execute();
  const value = (field: string) =>
    String(rows.find((row) => row.field === field)?.value ?? '').trim();
  const megabytes = Number.parseInt(value('max_file_size'), 10);
  const fromSettings = Number.isFinite(megabytes) && megabytes > 0;
  const siteLimit = ctx.site.config.max_file_size;
  return {
    maxFileSize: fromSettings ? megabytes * MIB : siteLimit,
    limitFromSystemSettings: fromSettings,
    allowedExtensions: new Set(
      value('allowed_file_extensions')
        .split('\n')
        .map((line) => line.trim().toUpperCase())
        .filter(Boolean),
    ),
    allowGuestsToUpload: value('allow_guests_to_upload_files') === '1',
    deduplicate: ctx.site.config.deduplicate_files !== false,
  };
}

/** Frappe's size message: the limit in MB printed as a float (`25.0`). */
export function maxSizeMessage(maxFileSize: number): string {
  const mb = maxFileSize / MIB;
  const text = Number.isInteger(mb) ? mb.toFixed(1) : String(mb);
  return `File size exceeded the maximum allowed size of ${text} MB`;
}
