// ESLint flat config: @eslint/js recommended + typescript-eslint recommendedTypeChecked, Prettier last
// (formatting belongs to Prettier, see .prettierrc.json). `npm run lint` runs this and `prettier --check`.
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import { defineConfig, globalIgnores } from 'eslint/config';
import tseslint from 'typescript-eslint';

// The few Node globals the plain .mjs files use (the `globals` package is not a dependency).
const nodeGlobals = {
  process: 'readonly',
  console: 'readonly',
  Buffer: 'readonly',
  URL: 'readonly',
  URLSearchParams: 'readonly',
  fetch: 'readonly',
  setTimeout: 'readonly',
  clearTimeout: 'readonly',
  setInterval: 'readonly',
  clearInterval: 'readonly',
  AbortController: 'readonly',
  AbortSignal: 'readonly',
};

export default defineConfig(
  globalIgnores(['dist/', 'node_modules/', 'coverage/', '.data/', 'bench/results/']),

  js.configs.recommended,
  tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: {
        projectService: true,
        tsconfigRootDir: import.meta.dirname,
      },
    },
    linterOptions: {
      reportUnusedDisableDirectives: 'error',
    },
    rules: {
      // Kept on explicitly: an un-awaited promise in a request path or a shutdown hook loses errors.
      // Mark fire-and-forget calls with `void`.
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_' },
      ],
    },
  },

  // Plain JavaScript (this file, jest.config.mjs, Jest global setup/teardown): not in tsconfig, so no
  // type information; lint it with the syntax-only rules.
  {
    files: ['**/*.mjs', '**/*.js', '**/*.cjs'],
    extends: [tseslint.configs.disableTypeChecked],
    languageOptions: { globals: nodeGlobals },
  },
  // CommonJS configuration (dependency-cruiser reads only CommonJS or JSON).
  {
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs', globals: { ...nodeGlobals, module: 'writable', require: 'readonly' } },
  },

  // Services log through nestjs-pino / pino (structured, with request ids), never the console.
  {
    files: ['apps/**', 'libs/**'],
    rules: { 'no-console': 'error' },
  },

  // Writes take Post, Put, Patch and Delete from @landbridge/common (write-routes.ts), which add the
  // Idempotency-Key handling; Nest's own would leave a write without it.
  {
    files: ['apps/**/*.ts', 'libs/**/*.ts'],
    ignores: ['**/*.spec.ts', 'libs/common/src/idempotency/write-routes.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: '@nestjs/common',
              importNames: ['Post', 'Put', 'Patch', 'Delete'],
              message: 'Use the write routes of @landbridge/common: they handle Idempotency-Key.',
            },
          ],
        },
      ],
    },
  },

  // Tests: non-null assertions after an explicit expect, and reading fields of parsed JSON bodies.
  {
    files: ['**/*.spec.ts', '**/*.e2e-spec.ts', 'test/**'],
    rules: {
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      // expect.any(), expect.objectContaining() and friends are typed `any`.
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
    },
  },

  prettier,
);
