import type * as Otpauth from 'otpauth';

/**
 * otpauth, imported on first use: only sites whose users give a second
 * factor ever load it, so a process start does not pay for it.
 */
let loading: Promise<typeof Otpauth> | undefined;

export function loadOtpauth(): Promise<typeof Otpauth> {
  loading ??= import('otpauth');
  return loading;
}
