import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runCommand } from './run-command.js';

/*
 * Where the Python `frappeclient` package comes from. It is not on the npm
 * registry or in Debian, PyPI is out of reach, and the project must not carry
 * Frappe's code, so the test reads it from a git copy of frappe/frappe-client:
 * `FRAPPE_CLIENT_SOURCE` (a checkout or a git directory), else the mirror that
 * the development machines keep at `.mirror/frappe+frappe-client/repo` in an
 * ancestor of this repository. Without either the suite is skipped with a
 * message naming both ways: unlike a database, the peer is not something a
 * fresh machine can install from the registries it reaches.
 */

const ENV = 'FRAPPE_CLIENT_SOURCE';
const MIRROR = join('.mirror', 'frappe+frappe-client', 'repo');

/** Why the peer cannot run here, or undefined when its source is present. */
export function frappeClientMissing(): string | undefined {
  if (process.env[ENV] !== undefined || findMirror() !== undefined) return undefined;
  return (
    `the Python frappe-client is not on this machine: set ${ENV} to a checkout or git ` +
    `directory of frappe/frappe-client, or place a git mirror at ${MIRROR} in a parent ` +
    'directory of this repository'
  );
}

/**
 * Puts the unchanged `frappeclient` package into `dir` and returns the
 * directory to add to PYTHONPATH.
 *
 * @throws Error naming both ways to provide the package when none is found.
 */
export async function frappeClientCheckout(dir: string): Promise<string> {
  const source = process.env[ENV] ?? findMirror();
  if (source === undefined)
    throw new Error(
      `The Python frappe-client is not on this machine. Set ${ENV} to a checkout or git ` +
        `directory of frappe/frappe-client, or place a git mirror at ${MIRROR} in a parent ` +
        'directory of this repository.',
    );
  if (existsSync(join(source, 'frappeclient', '__init__.py'))) return source;
  const archive = join(dir, 'frappeclient.tar');
  await mustRun('git', [`--git-dir=${source}`, 'archive', `--output=${archive}`, 'HEAD']);
  await mustRun('tar', ['-xf', archive, '-C', dir]);
  if (!existsSync(join(dir, 'frappeclient', '__init__.py')))
    throw new Error(`${source} holds no frappeclient package`);
  return dir;
}

function findMirror(): string | undefined {
  let current = resolve(dirname(fileURLToPath(import.meta.url)));
  for (;;) {
    const candidate = join(current, MIRROR);
    if (existsSync(candidate)) return candidate;
    const parent = dirname(current);
    if (parent === current) return undefined;
    current = parent;
  }
}

async function mustRun(command: string, args: string[]): Promise<void> {
  const result = await runCommand(command, args);
  if (result.code !== 0)
    throw new Error(`${command} ${args.join(' ')} failed: ${result.stderr || result.stdout}`);
}
