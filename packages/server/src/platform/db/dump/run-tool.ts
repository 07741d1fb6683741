import { spawn } from 'node:child_process';
import { createReadStream, createWriteStream } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { BackupError, ConfigError } from '../../../core/errors/index.js';

/** How to run one client tool (`pg_dump`, `mariadb-dump`, …). */
export interface ToolRun {
  readonly command: string;
  readonly args: readonly string[];
  /** Extra environment (passwords go here, never on the command line). */
  readonly env?: Readonly<Record<string, string>>;
  /** A file fed to the tool's stdin. */
  readonly stdinFile?: string;
  /** A file the tool's stdout is written to. */
  readonly stdoutFile?: string;
  /** Which Debian package provides the tool, for the error when it is missing. */
  readonly package: string;
}

/**
 * Runs a database client tool to completion. A tool that is not installed
 * is a `ConfigError` naming the package to install; a non-zero exit is a
 * `BackupError` carrying the tool's first line of complaint. Returns stdout
 * when it was not sent to a file.
 */
export async function runTool(run: ToolRun): Promise<string> {
  const child = spawn(run.command, run.args, {
    env: { ...process.env, ...run.env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stderr = '';
  let stdout = '';
  child.stderr.on('data', (chunk: Buffer) => {
    if (stderr.length < 8192) stderr += chunk.toString();
  });
  const exited = new Promise<number>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code) => resolve(code ?? 1));
  });
  const input =
    run.stdinFile === undefined
      ? (child.stdin.end(), Promise.resolve())
      : pipeline(createReadStream(run.stdinFile), child.stdin);
  const output =
    run.stdoutFile === undefined
      ? new Promise<void>((resolve) => {
          child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
          child.stdout.once('end', resolve);
        })
      : pipeline(child.stdout, createWriteStream(run.stdoutFile));
  let code: number;
  try {
    [code] = await Promise.all([exited, input, output]);
  } catch (error) {
    child.kill('SIGKILL');
    if (
      (error as NodeJS.ErrnoException).code === 'ENOENT' &&
      (error as { path?: string }).path === run.command
    )
      throw new ConfigError(
        `${run.command} was not found on PATH; install it (Debian: apt-get install ${run.package})`,
      );
    throw new BackupError(`${run.command} failed: ${(error as Error).message}`, { cause: error });
  }
  if (code !== 0) {
    const reason = stderr.split('\n').find((line) => line.trim() !== '') ?? `exit code ${code}`;
    throw new BackupError(`${run.command} failed: ${reason.trim()}`);
  }
  return stdout;
}
