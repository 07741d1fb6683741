import { readFileSync } from 'node:fs';
import { ConfigError } from '../errors/index.js';

/**
 * Reads a JSON object from `path`. Returns `null` when the file does not
 * exist; throws one-line `ConfigError`s naming `label` for anything else.
 */
export function readJsonFile(path: string, label: string): Record<string, unknown> | null {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new ConfigError(`${label}: cannot read (${(error as Error).message})`, { cause: error });
  }
  const parsed = parseJson(text, label);
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new ConfigError(`${label}: must contain a JSON object`);
  }
  return parsed as Record<string, unknown>;
}

function parseJson(text: string, label: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new ConfigError(`${label}: malformed JSON ${describePosition(text, error)}`, {
      cause: error,
    });
  }
}

/** V8's message carries "position N" (Node 20) and sometimes "(line L column C)" (Node 22+). */
function describePosition(text: string, error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const match = /position (\d+)/.exec(message);
  const offset = match ? Number(match[1]) : text.length;
  const before = text.slice(0, offset).split('\n');
  const line = before.length;
  const column = (before.at(-1)?.length ?? 0) + 1;
  return `at line ${line}, column ${column}`;
}
