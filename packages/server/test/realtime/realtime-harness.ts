import { spawn, type ChildProcess } from 'node:child_process';
import { io, type Socket } from 'socket.io-client';
import { insertDoc } from '../../src/engine/document.js';
import { withContext } from '../../src/engine/runtime/with-context.js';
import type { Site } from '../../src/engine/site.js';
import { generateUserApiKeys } from '../../src/sites/user-api-keys.js';
import { nodeArgs, siblingModule } from '../helpers/source-tree.js';

const SERVER_CHILD = siblingModule('./server-child.ts', import.meta.url);

/** Cleanups a test file runs at the end, newest first. */
export type Cleanups = (() => Promise<void> | void)[];

/** Starts a server process (`workers`: with its in-process job and webhook workers) and resolves its URL. */
export async function startServerChild(
  cleanups: Cleanups,
  dir: string,
  site: string,
  options: { readonly workers?: boolean } = {},
): Promise<string> {
  const args = nodeArgs(SERVER_CHILD, [dir, site, options.workers ? 'workers' : '']);
  const child: ChildProcess = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  cleanups.push(() => {
    child.kill('SIGKILL');
  });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`server exited with ${code}: ${stderr}`)));
    child.stdout!.on('data', (chunk: Buffer) => {
      const match = /url (\S+)/.exec(chunk.toString());
      if (match) resolve(match[1]!);
    });
  });
}

/** A socket.io-client connection to a site's namespace, closed at cleanup. */
export function connect(
  cleanups: Cleanups,
  url: string,
  site: string,
  headers: Record<string, string>,
): Promise<Socket> {
  const socket = io(`${url}/${site}`, {
    transports: ['websocket'],
    extraHeaders: headers,
    reconnection: false,
  });
  cleanups.push(() => {
    socket.close();
  });
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', reject);
  });
}

/** Events a socket receives, by name. */
export function record(socket: Socket): Map<string, unknown[]> {
  const seen = new Map<string, unknown[]>();
  socket.onAny((event: string, payload: unknown) =>
    seen.set(event, [...(seen.get(event) ?? []), payload]),
  );
  return seen;
}

/** Waits until `seen` holds every event of `names` (generous deadline for a loaded machine). */
export async function waitForEvents(
  seen: Map<string, unknown[]>,
  names: readonly string[],
  timeoutMs = 120_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!names.every((name) => seen.has(name))) {
    if (Date.now() > deadline)
      throw new Error(`only got ${[...seen.keys()].join(', ')}; expected ${names.join(', ')}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Creates a user (`fields` such as `user_type`, `roles`) and answers the `Authorization` header of a new API key of theirs. */
export async function userWithToken(
  site: Site,
  email: string,
  fields: Record<string, unknown>,
): Promise<string> {
  await withContext(site, 'Administrator', (ctx) =>
    insertDoc(ctx, { doctype: 'User', email, first_name: email.split('@')[0], ...fields }),
  );
  const keys = await generateUserApiKeys(site, email);
  return `token ${keys.api_key}:${keys.api_secret}`;
}
