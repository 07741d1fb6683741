import { ConfigError } from '../errors/index.js';
import { CONFIG_KEYS, envVarFor, type ConfigKeyDefinition } from './defaults.js';

/**
 * Values from `CORTADO_<KEY>` environment variables for every known key.
 * Strings are taken as they are; other types are parsed as JSON, and
 * booleans also accept `true`/`false`/`1`/`0`.
 */
export function envOverrides(env: NodeJS.ProcessEnv): Map<string, unknown> {
  const overrides = new Map<string, unknown>();
  for (const definition of CONFIG_KEYS) {
    const raw = env[envVarFor(definition.key)];
    if (raw === undefined || raw === '') continue;
    overrides.set(definition.key, parseEnvValue(definition, raw));
  }
  return overrides;
}

function parseEnvValue(definition: ConfigKeyDefinition, raw: string): unknown {
  switch (definition.type.kind) {
    case 'string':
    case 'enum':
      return raw;
    case 'string-or-list':
      return raw.trimStart().startsWith('[') ? parseJson(definition, raw) : raw;
    default:
      return parseJson(definition, raw);
  }
}

function parseJson(definition: ConfigKeyDefinition, raw: string): unknown {
  try {
    return JSON.parse(raw);
  } catch {
    throw new ConfigError(`${envVarFor(definition.key)}: not valid JSON (got '${raw}')`);
  }
}
