/**
 * Private PostgreSQL and Redis servers that a fault test may stop and start
 * at will: the machine's shared instances (5432, 6379) serve other tests and
 * must never be restarted. A server that cannot be started throws, so the
 * test fails instead of skipping.
 */
import { execFile, execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { waitFor } from './wait-for.js';

const run = promisify(execFile);

/** A port nobody listens on right now (the OS picks it). */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no free port');
  return address.port;
}

/** A server the test controls. */
export interface PrivateService {
  readonly port: number;
  start(): Promise<void>;
  /** Stops it abruptly (PostgreSQL's immediate mode, Redis' SIGKILL): clients see dropped connections. */
  stop(): Promise<void>;
  /** Stops it for good and removes its files. */
  destroy(): Promise<void>;
}

/** The newest PostgreSQL server binaries installed from Debian's packages. */
function postgresBin(): string {
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root)
    ? readdirSync(root)
        .filter((name) => existsSync(join(root, name, 'bin', 'initdb')))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  if (versions[0] === undefined) throw new Error(`no PostgreSQL server binaries under ${root}`);
  return join(root, versions[0], 'bin');
}

/** initdb refuses root: as root the cluster belongs to the `postgres` user. */
function asClusterOwner(command: string, args: string[]): [string, string[]] {
  return userInfo().uid === 0
    ? ['runuser', ['-u', 'postgres', '--', command, ...args]]
    : [command, args];
}

/** A fresh PostgreSQL cluster on a free loopback port, user `postgres`, trust authentication. */
export async function startPrivatePostgres(): Promise<PrivateService> {
  const bin = postgresBin();
  const dir = mkdtempSync(join(tmpdir(), 'cortado-pg-'));
  if (userInfo().uid === 0) chownSync(dir, ...postgresIds());
  const data = join(dir, 'data');
  const port = await freePort();
  const pgCtl = (...args: string[]) => run(...asClusterOwner(join(bin, 'pg_ctl'), args));
  await run(
    ...asClusterOwner(join(bin, 'initdb'), [
      '-D',
      data,
      '-U',
      'postgres',
      '-A',
      'trust',
      '--no-sync',
    ]),
  );
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=50`;
  const service: PrivateService = {
    port,
    start: async () => {
      await pgCtl(
        '-D',
        data,
        '-o',
        options,
        '-l',
        join(dir, 'server.log'),
        '-w',
        '-t',
        '120',
        'start',
      );
    },
    stop: async () => {
      await pgCtl('-D', data, '-m', 'immediate', '-w', 'stop');
    },
    destroy: async () => {
      await pgCtl('-D', data, '-m', 'immediate', '-w', 'stop').catch(() => {});
      rmSync(dir, { recursive: true, force: true });
    },
  };
  await service.start();
  return service;
}

/** The `postgres` user's uid and gid (`id` reads the passwd database; node cannot by name). */
function postgresIds(): [number, number] {
  const id = (flag: string) =>
    Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8' }).trim());
  return [id('-u'), id('-g')];
}

/**
 * A Redis server on a free loopback port. Persistence is off unless asked
 * for; `persistent` keeps every write in an append-only file synced at each
 * write (as a Redis holding a BullMQ queue must run), so a SIGKILL loses
 * nothing it acknowledged.
 */
export async function startPrivateRedis(
  options: { persistent?: boolean } = {},
): Promise<PrivateService> {
  const port = await freePort();
  const dir = options.persistent === true ? mkdtempSync(join(tmpdir(), 'cortado-redis-')) : null;
  const persistence =
    dir === null
      ? ['--save', '', '--appendonly', 'no']
      : ['--save', '', '--appendonly', 'yes', '--appendfsync', 'always', '--dir', dir];
  let child: ChildProcess | undefined;
  const ping = async () => {
    try {
      const { stdout } = await run('redis-cli', ['-p', String(port), 'ping']);
      return stdout.trim() === 'PONG';
    } catch {
      return false;
    }
  };
  const service: PrivateService = {
    port,
    start: async () => {
      const started = spawn(
        'redis-server',
        ['--port', String(port), '--bind', '127.0.0.1', ...persistence],
        {
          stdio: 'ignore',
        },
      );
      child = started;
      const failed = new Promise<Error>((resolve) => started.once('error', resolve));
      await Promise.race([
        waitFor(`redis-server on port ${port}`, ping),
        failed.then((error) => Promise.reject(error)),
      ]);
    },
    stop: async () => {
      const running = child;
      if (running === undefined || running.exitCode !== null) return;
      const exited = new Promise((resolve) => running.once('exit', resolve));
      running.kill('SIGKILL');
      await exited;
    },
    destroy: async () => {
      await service.stop();
      if (dir !== null) rmSync(dir, { recursive: true, force: true });
    },
  };
  await service.start();
  return service;
}
