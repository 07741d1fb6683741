import type * as Shared from '../../../../scripts/smtp-sink.mjs';
import { repoFile } from './source-tree.js';

export type { ReceivedMail, SmtpSink } from '../../../../scripts/smtp-sink.mjs';

/**
 * The loopback SMTP server of `scripts/smtp-sink.mjs` (shared with the
 * Desk's tests), loaded from the source tree, which tsc's output under
 * `dist/` does not include.
 */
export const { plain, startSmtp } = (await import(
  repoFile('scripts/smtp-sink.mjs').href
)) as typeof Shared;
