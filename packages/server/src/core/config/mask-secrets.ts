import { configKey } from './defaults.js';

const SECRET_NAME = /password|secret|encryption_key|token/i;

/** A copy of `config` with secret values replaced by `********` (for `show-config`). */
export function maskSecrets(config: Record<string, unknown>): Record<string, unknown> {
  const masked: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(config)) {
    const secret = configKey(key)?.secret === true || SECRET_NAME.test(key);
    masked[key] = secret && value !== null && value !== '' ? '********' : value;
  }
  return masked;
}
