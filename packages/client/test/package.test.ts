import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { runCommand } from '@cortado/server/test/compat/run-command.js';
import { sourceFile } from '@cortado/server/test/helpers/source-tree.js';

/*
 * @cortado/client as a user installs it: `npm pack` of it and of
 * @cortado/protocol, unpacked into a fresh project outside the repository
 * (so no @types/node is anywhere up the tree). The tarballs hold only the
 * built modules, their declarations and the browser scripts; a consumer with
 * a browser/edge tsconfig (lib ES2022 + DOM, no Node types, skipLibCheck off)
 * type-checks against the declarations, and plain Node imports the modules.
 */

const ROOT = fileURLToPath(new URL('../../../', sourceFile(import.meta.url)));
const TSC = join(ROOT, 'node_modules/typescript/bin/tsc');
const PACKAGES = { client: 'packages/client', protocol: 'packages/protocol' } as const;
/** What a tarball may hold: built modules and declarations, browser scripts, the manifest and readme. */
const ALLOWED = /^(package\.json|README\.md|dist\/src\/.+\.(js|d\.ts)|dist\/browser\/[^/]+\.js)$/;

const CONSUMER = `
import {
  CortadoClient,
  createFrappeShim,
  expressWebhook,
  fastifyWebhook,
  honoWebhook,
  verifyWebhook,
  ValidationError,
  type HonoLike,
} from '@cortado/client';
import { generateTypes } from '@cortado/client/codegen';

const client = new CortadoClient({
  url: 'https://erp.example.com',
  auth: { type: 'token', apiKey: 'key', apiSecret: 'secret' },
});
export const todos: Promise<Array<{ name: string }>> = client.getList('ToDo', {
  fields: ['name'],
  filters: [['status', 'in', ['Open', 'Closed']]],
});
export const frappe = createFrappeShim(client);
export const verified = (body: Uint8Array, headers: Headers) =>
  verifyWebhook(body, headers, { secret: 'secret', scheme: 'cortado' });
export const adapters = [
  expressWebhook({ secret: 's', scheme: 'frappe' }),
  fastifyWebhook({ secret: 's', scheme: 'frappe' }),
  honoWebhook({ secret: 's', scheme: 'cortado' }) as (c: HonoLike, next: () => Promise<void>) => unknown,
];
export const isValidation = (error: unknown) => error instanceof ValidationError;
export const types: string = generateTypes([]);
`;

const TSCONFIG = {
  compilerOptions: {
    target: 'ES2022',
    lib: ['ES2022', 'DOM'],
    module: 'ESNext',
    moduleResolution: 'Bundler',
    types: [],
    strict: true,
    skipLibCheck: false,
    noEmit: true,
  },
  files: ['consumer.ts'],
};

const RUNTIME = `
const sdk = await import('@cortado/client');
const codegen = await import('@cortado/client/codegen');
console.log(typeof sdk.CortadoClient, typeof codegen.generateTypes);
`;

interface Packed {
  readonly filename: string;
  readonly files: ReadonlyArray<{ readonly path: string }>;
}

describe('@cortado/client as a published package', () => {
  let project: string;
  const packed: Record<string, Packed> = {};

  before(async () => {
    const built = await runCommand(process.execPath, [TSC, '-b', join(ROOT, PACKAGES.client)]);
    assert.equal(built.code, 0, built.stdout + built.stderr);
    project = await mkdtemp(join(tmpdir(), 'cortado-consumer-'));
    for (const [name, folder] of Object.entries(PACKAGES)) {
      const pack = await runCommand('npm', [
        'pack',
        join(ROOT, folder),
        '--ignore-scripts',
        '--json',
        '--pack-destination',
        project,
      ]);
      assert.equal(pack.code, 0, pack.stderr);
      const [result] = JSON.parse(pack.stdout) as Packed[];
      assert.ok(result);
      packed[name] = result;
      const target = join(project, 'node_modules/@cortado', name);
      await mkdir(target, { recursive: true });
      const unpacked = await runCommand('tar', [
        '-xzf',
        join(project, result.filename),
        '-C',
        target,
        '--strip-components=1',
      ]);
      assert.equal(unpacked.code, 0, unpacked.stderr);
    }
    await writeFile(join(project, 'package.json'), JSON.stringify({ type: 'module' }));
    await writeFile(join(project, 'tsconfig.json'), JSON.stringify(TSCONFIG));
    await writeFile(join(project, 'consumer.ts'), CONSUMER);
    await writeFile(join(project, 'runtime.mjs'), RUNTIME);
  });
  after(async () => {
    if (project !== undefined) await rm(project, { recursive: true, force: true });
  });

  it('the tarballs hold only what a user needs', () => {
    for (const [name, { files }] of Object.entries(packed)) {
      const paths = files.map((file) => file.path);
      assert.deepEqual(
        paths.filter((path) => !ALLOWED.test(path)),
        [],
        `${name}: ${paths.join(', ')}`,
      );
      assert.ok(paths.includes('dist/src/index.d.ts') && paths.includes('dist/src/index.js'));
    }
    assert.ok(packed['client']?.files.some((file) => file.path === 'dist/src/codegen/index.d.ts'));
  });

  it('a browser/edge project without Node types type-checks against the declarations', async () => {
    const checked = await runCommand(process.execPath, [TSC, '-p', project]);
    assert.equal(checked.code, 0, checked.stdout + checked.stderr);
  });

  it('plain Node imports the built modules through `import`', async () => {
    // No `development` condition (the test runner sets one): a user's Node has none.
    const run = await runCommand(process.execPath, [join(project, 'runtime.mjs')], {
      NODE_OPTIONS: '',
    });
    assert.equal(run.code, 0, run.stderr);
    assert.equal(run.stdout.trim(), 'function function');
  });
});
