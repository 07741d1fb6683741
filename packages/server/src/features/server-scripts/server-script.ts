import type { DocEvent } from '../../engine/doc.js';

/** The Server Script DocType's name. */
export const SERVER_SCRIPT = 'Server Script';

/** The role that may read and write Server Scripts (Administrator has every role). */
export const SCRIPT_MANAGER = 'Script Manager';

/** A stored, enabled Server Script, as the runtime needs it. */
export interface ServerScript {
  readonly name: string;
  readonly script_type: string;
  readonly script: string;
  readonly reference_doctype: string | null;
  readonly doctype_event: string | null;
  readonly api_method: string | null;
  readonly allow_guest: boolean;
  readonly enable_rate_limit: boolean;
  readonly rate_limit_count: number;
  readonly rate_limit_seconds: number;
  readonly event_frequency: string | null;
  readonly cron_format: string | null;
  readonly modified: string;
}

/** Rate-limit numbers of an API script: a stored 0 means Frappe's default (§B4). */
export function scriptRateLimit(script: ServerScript): { limit: number; seconds: number } {
  return { limit: script.rate_limit_count || 5, seconds: script.rate_limit_seconds || 86400 };
}

/**
 * The document event each `doctype_event` option runs on (§B5). "Before
 * Save" is Frappe's `validate`, not `before_save`.
 */
export const DOCTYPE_EVENTS: Readonly<Record<string, DocEvent>> = {
  'Before Insert': 'before_insert',
  'Before Validate': 'before_validate',
  'Before Save': 'validate',
  'After Insert': 'after_insert',
  'After Save': 'on_update',
  'Before Rename': 'before_rename',
  'After Rename': 'after_rename',
  'Before Submit': 'before_submit',
  'After Submit': 'on_submit',
  'Before Cancel': 'before_cancel',
  'After Cancel': 'on_cancel',
  'Before Delete': 'on_trash',
  'After Delete': 'after_delete',
  'Before Save (Submitted Document)': 'before_update_after_submit',
  'After Save (Submitted Document)': 'on_update_after_submit',
};
