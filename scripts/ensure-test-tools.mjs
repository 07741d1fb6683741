#!/usr/bin/env node
// Makes sure the Debian packages the tests use as peers (scripts/debian-test-packages.txt)
// are installed: as root it installs the missing ones with apt-get, otherwise it names them
// and the command to run. Idempotent and quick when nothing is missing.
// Usage: node scripts/ensure-test-tools.mjs [--strict]   (--strict: exit 1 if any stay missing)
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { resolve } from 'node:path';

const LIST = fileURLToPath(new URL('./debian-test-packages.txt', import.meta.url));
/** Other engineers' or CI's apt runs hold the dpkg lock for a while: wait for it. */
const APT_LOCK_WAIT = ['-o', 'DPkg::Lock::Timeout=600'];

/** The package names of the list file, comments and blank lines left out. */
export function listedPackages(text = readFileSync(LIST, 'utf8')) {
  return text
    .split('\n')
    .map((line) => line.replace(/#.*/, '').trim())
    .filter(Boolean);
}

function installed(name) {
  const query = spawnSync('dpkg-query', ['-W', '-f=${Status}', name], { encoding: 'utf8' });
  return query.status === 0 && query.stdout.includes('install ok installed');
}

function run(command, args) {
  console.error(`ensure-test-tools: ${command} ${args.join(' ')}`);
  return (
    spawnSync(command, args, {
      stdio: ['ignore', 'inherit', 'inherit'],
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    }).status === 0
  );
}

function aptInstall(names) {
  const install = () =>
    run('apt-get', ['install', '-y', '--no-install-recommends', ...APT_LOCK_WAIT, ...names]);
  // A fresh machine has no package lists yet; an old one may list versions gone from the mirror.
  return install() || (run('apt-get', ['update', ...APT_LOCK_WAIT]) && install());
}

/**
 * Installs what is missing when it can; returns the names still missing
 * (empty when every listed package is there).
 */
export function ensureTestTools() {
  const hasDpkg = spawnSync('dpkg-query', ['--version']).status === 0;
  if (!hasDpkg) {
    const names = listedPackages();
    console.error(
      `ensure-test-tools: not a Debian system; the tests that use ${names.join(', ')} need their equivalents.`,
    );
    return names;
  }
  let missing = listedPackages().filter((name) => !installed(name));
  if (missing.length === 0) return missing;
  const isRoot = process.getuid?.() === 0;
  if (isRoot) {
    aptInstall(missing);
    missing = missing.filter((name) => !installed(name));
  }
  if (missing.length > 0)
    console.error(
      `ensure-test-tools: missing Debian packages: ${missing.join(' ')}\n` +
        `  install them with: sudo apt-get install -y --no-install-recommends ${missing.join(' ')}\n` +
        '  (tests that drive them will fail until then)',
    );
  return missing;
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const missing = ensureTestTools();
  process.exit(missing.length > 0 && process.argv.includes('--strict') ? 1 : 0);
}
