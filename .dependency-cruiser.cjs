// The dependency rules of the contexts (README "Architecture" draws them). `npm run lint` runs
// `depcruise apps libs bench test`; a violation fails it.
//
// A lib reaches another only through its package entry (@landbridge/<lib> resolves to
// libs/<lib>/src/index.ts), and only along an allowed edge.
const ALLOWED = {
  common: [],
  database: ['common'],
  'reference-data': ['common'],
  identity: ['common'],
  notifications: ['common'],
  operations: ['common', 'identity', 'reference-data', 'notifications'],
  tracking: ['common', 'operations', 'reference-data', 'notifications'],
  reports: ['common', 'operations'],
};

const LIBS = Object.keys(ALLOWED);

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-deep-import-into-another-lib',
      comment: 'Import another context through @landbridge/<lib> (its index.ts), never a file under its src/.',
      severity: 'error',
      from: { path: '^libs/([^/]+)/' },
      to: { path: '^libs/([^/]+)/src/', pathNot: ['^libs/$1/', '^libs/[^/]+/src/index\\.ts$'] },
    },
    {
      name: 'no-deep-import-from-outside-libs',
      comment: 'Apps, tests and the bench import a lib through @landbridge/<lib> too (migrations excepted).',
      severity: 'error',
      from: { path: '^(apps|bench)/' },
      to: { path: '^libs/[^/]+/src/', pathNot: ['^libs/[^/]+/src/index\\.ts$'] },
    },
    ...LIBS.map((lib) => ({
      name: `${lib}-depends-only-on-${ALLOWED[lib].join('-') || 'nothing'}`,
      comment: `libs/${lib} may import ${ALLOWED[lib].length ? ALLOWED[lib].join(', ') : 'no other lib'}.`,
      severity: 'error',
      from: { path: `^libs/${lib}/` },
      to: {
        path: '^libs/([^/]+)/',
        pathNot: [`^libs/${lib}/`, ...ALLOWED[lib].map((allowed) => `^libs/${allowed}/`)],
      },
    })),
    {
      name: 'no-lib-imports-an-app',
      severity: 'error',
      from: { path: '^libs/' },
      to: { path: '^(apps|bench|test)/' },
    },
    {
      name: 'no-circular',
      comment: 'TypeORM entities name each other in their relations (lazily, through () => Entity): exempt.',
      severity: 'error',
      from: { pathNot: '\\.entity\\.ts$' },
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)(dist|node_modules)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
    },
  },
};
