// The one-way dependency rule of the architecture, enforced.
// Layers inside packages/server/src: core(L0) → platform(L1) → model(L2) →
// engine(L3) → features(L4) → http(L5) → app.ts/main.ts/worker.ts(L6).
const SRC = '^packages/server/src/';
const LAYERS = ['core', 'platform', 'model', 'engine', 'features', 'http'];
/** The composition root: the files at the top of src/ that wire everything. */
const ROOT_FILES = `${SRC}[^/]+\\.ts$`;

/** A layer may not import any layer above it. */
const upwardRules = LAYERS.slice(0, -1).map((layer, index) => ({
  name: `no-upward-from-${layer}`,
  comment: `${layer}/ imports only from layers below it`,
  severity: 'error',
  from: { path: `${SRC}${layer}/` },
  to: {
    path: [
      ...LAYERS.slice(index + 1).map((above) => `${SRC}${above}/`),
      `${SRC}(app|main|worker|index)\\.ts$`,
      `${SRC}sites/`,
    ],
  },
}));

/** A third-party package allowed only under the given source paths. */
function fence(name, modulePattern, allowedPaths) {
  return {
    name: `fence-${name}`,
    comment: `${name} may be imported only in ${allowedPaths.join(', ')}`,
    severity: 'error',
    from: { path: SRC, pathNot: allowedPaths.map((p) => `${SRC}${p}`) },
    to: {
      dependencyTypes: ['npm', 'npm-dev', 'npm-optional', 'npm-peer', 'npm-no-pkg', 'npm-unknown'],
      path: `^(node_modules/)?(${modulePattern})(/|$)`,
    },
  };
}

module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      comment: 'No import cycles, anywhere',
      severity: 'error',
      from: {},
      to: { circular: true, viaOnly: { dependencyTypesNot: ['type-only'] } },
    },
    ...upwardRules,
    {
      name: 'no-sibling-features',
      comment:
        'inside features/, siblings talk through events or the queue; only features/auth and features/resource (the document operations behind /api/resource, which the RPC wrappers reuse) are shared',
      severity: 'error',
      from: { path: `${SRC}features/([^/]+)/` },
      to: {
        path: `${SRC}features/`,
        pathNot: [`${SRC}features/$1/`, `${SRC}features/auth/`, `${SRC}features/resource/`],
      },
    },
    {
      name: 'no-http-in-engine',
      comment: 'platform, model and engine know nothing about HTTP',
      severity: 'error',
      from: { path: `${SRC}(core|platform|model|engine)/` },
      to: { path: `${SRC}http/` },
    },
    {
      name: 'http-below-the-root',
      comment:
        'http/ builds on the layers below it; it never imports sites/ or the composition root',
      severity: 'error',
      from: { path: `${SRC}http/` },
      to: { path: [`${SRC}sites/`, ROOT_FILES] },
    },
    {
      name: 'sites-below-http',
      comment: 'sites/ wires core, platform, model, engine and features; never http/ or the root',
      severity: 'error',
      from: { path: `${SRC}sites/` },
      to: { path: [`${SRC}http/`, ROOT_FILES] },
    },
    fence('fastify', 'fastify|@fastify/[^/]+', ['http/', '(app|main)\\.ts$']),
    fence('ioredis', 'ioredis', ['platform/redis/']),
    fence('sql-drivers', 'better-sqlite3|pg|mysql2', ['platform/db/(sqlite|postgres|mariadb)/']),
    fence('bullmq', 'bullmq', ['platform/queue/bullmq/']),
    fence('oidc-provider', 'oidc-provider', ['features/oauth/']),
    fence('nunjucks', 'nunjucks', ['platform/templates/']),
    fence('rate-limiter-flexible', 'rate-limiter-flexible', ['platform/limiter/']),
    // Imported on first use only (a site without two-factor login never loads them).
    fence('otpauth', 'otpauth', ['features/auth/two-factor/load-otpauth\\.ts$']),
    fence('qrcode', 'qrcode', ['features/auth/two-factor/deliver-code\\.ts$']),
    {
      name: 'protocol-imports-nothing',
      comment: '@cortado/protocol has no dependencies',
      severity: 'error',
      from: { path: '^packages/protocol/src/' },
      to: { pathNot: '^packages/protocol/src/', dependencyTypesNot: ['core'] },
    },
    {
      name: 'client-never-imports-server',
      comment:
        'client and apps/desk reach the server only through protocol (client tests start a real server)',
      severity: 'error',
      from: {
        path: '^(packages/client|apps/(admin|desk))/',
        pathNot: '^(packages/client|apps/desk)/test/',
      },
      to: { path: '^packages/(server|cli)/|@cortado/(server|cli)' },
    },
    {
      name: 'cli-and-apps-use-server-index-only',
      comment: 'the CLI and apps import only the server public API',
      severity: 'error',
      from: { path: '^(packages/cli|apps)/', pathNot: '^(packages/cli|apps/[^/]+)/test/' },
      to: { path: '^packages/server/', pathNot: '^packages/server/src/index\\.ts$' },
    },
    {
      name: 'cli-and-apps-tests-use-server-index-and-test-helpers',
      comment:
        'the tests of the CLI and apps import the server public API and the shared test helpers (test/helpers/: the source tree, waits, Chromium, the SMTP sink)',
      severity: 'error',
      from: { path: '^(packages/cli|apps/[^/]+)/test/' },
      to: {
        path: '^packages/server/',
        pathNot: ['^packages/server/src/index\\.ts$', '^packages/server/test/helpers/'],
      },
    },
    {
      name: 'not-to-dev-dep',
      comment: 'source must not depend on devDependencies',
      severity: 'error',
      from: { path: '^packages/[^/]+/src/', pathNot: '\\.test\\.ts$' },
      to: { dependencyTypes: ['npm-dev'], dependencyTypesNot: ['type-only'] },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)dist(-tsc)?/' },
    tsPreCompilationDeps: true,
    combinedDependencies: true,
    tsConfig: { fileName: 'tsconfig.base.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      extensions: ['.ts', '.js', '.mjs', '.cjs', '.json'],
    },
  },
};
