/**
 * Node's permission-model flags for a sandbox worker: the model on, reading
 * allowed only under `readableDirs`, and nothing else granted (no writes, no
 * child processes, no worker threads, no native addons). Node 20 names the
 * switch `--experimental-permission`; Node 22.13 and later `--permission`.
 */
export function permissionFlags(readableDirs: readonly string[]): string[] {
  const enable = process.allowedNodeEnvironmentFlags.has('--permission')
    ? '--permission'
    : '--experimental-permission';
  return [enable, ...readableDirs.map((dir) => `--allow-fs-read=${dir}/*`)];
}
