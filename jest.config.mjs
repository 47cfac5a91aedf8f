// Jest runs in native ESM mode (NestJS 12 is ESM-only); see ../shared/STACK-NOTES.md.
const swc = [
  '@swc/jest',
  {
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
      target: 'es2023',
      keepClassNames: true,
    },
    module: { type: 'es6' },
  },
];
// CommonJS code inside node_modules that require()s ESM-only packages fails under Jest on Node 20:
// these few are compiled to CommonJS instead.
const swcCjs = ['@swc/jest', { module: { type: 'commonjs' }, jsc: { target: 'es2023' } }];
const esmOnlyDeps = [
  'content-disposition',
  'cookie',
  'light-my-request',
  '@fastify/static',
  '@apidevtools/json-schema-ref-parser',
];

const common = {
  extensionsToTreatAsEsm: ['.ts'],
  transform: {
    '^.+\\.ts$': swc,
    [`node_modules/(${esmOnlyDeps.join('|')})/.+\\.js$`]: swcCjs,
  },
  transformIgnorePatterns: [`node_modules/(?!(${esmOnlyDeps.join('|')})/)`],
  moduleNameMapper: {
    '^@landbridge/([a-z-]+)$': '<rootDir>/libs/$1/src/index.ts',
    '^(\\.{1,2}/.*)\\.js$': '$1',
  },
  testEnvironment: 'node',
  setupFiles: ['reflect-metadata'],
};

export default {
  maxWorkers: 2,
  // A global option (Jest ignores it inside a project): end-to-end tests run real requests.
  testTimeout: 30000,
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/{apps,libs,bench}/**/*.spec.ts'] },
    {
      ...common,
      displayName: 'e2e',
      testMatch: ['<rootDir>/test/**/*.e2e-spec.ts'],
      globalSetup: '<rootDir>/test/support/global-setup.mjs',
      globalTeardown: '<rootDir>/test/support/global-teardown.mjs',
    },
    // Repositories and services against a real per-file database, without HTTP (test/support/medium.ts).
    {
      ...common,
      displayName: 'medium',
      testMatch: ['<rootDir>/test/medium/**/*.medium-spec.ts'],
      globalSetup: '<rootDir>/test/support/global-setup.mjs',
      globalTeardown: '<rootDir>/test/support/global-teardown.mjs',
    },
  ],
};
