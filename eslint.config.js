// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/** The dependency direction of ../shared/STYLE.md, enforced. */
const engineRestrictions = {
  patterns: [
    { group: ['electron', 'electron/*'], message: 'engine/ must not import Electron.' },
    { group: ['react', 'react-dom', 'react/*', 'react-dom/*'], message: 'engine/ must not import React.' },
    { group: ['**/renderer/**', '**/electron/**'], message: 'engine/ must not import the UI layers.' },
  ],
};
const rendererRestrictions = {
  patterns: [
    {
      group: ['@duckdb/*', 'node:*', 'fs', 'path', 'child_process'],
      message: 'renderer/ talks to the engine only through the API client.',
    },
    { regex: '^(\\.\\./)+engine/(?!api/)', message: 'renderer/ may import only engine/api (types).' },
  ],
};

export default tseslint.config(
  {
    ignores: [
      '.scratch/**',
      'node_modules/**',
      '.tsbuild/**',
      'out/**',
      'dist/**',
      'samples/.demo/**',
      'bench-results/**',
      'engine/cli/engage.js',
      'test/run.js',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/switch-exhaustiveness-check': [
        'error',
        { considerDefaultExhaustiveForUnions: true },
      ],
      '@typescript-eslint/no-floating-promises': [
        'error',
        {
          allowForKnownSafeCalls: [
            { from: 'package', package: 'node:test', name: ['describe', 'it', 'test', 'suite'] },
          ],
        },
      ],
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
    },
  },
  { files: ['engine/**/*.ts'], rules: { 'no-restricted-imports': ['error', engineRestrictions] } },
  { files: ['renderer/**/*.{ts,tsx}'], rules: { 'no-restricted-imports': ['error', rendererRestrictions] } },
  { files: ['test/**/*.ts'], rules: { '@typescript-eslint/no-base-to-string': 'off' } },
  { files: ['**/*.js', '**/*.mjs'], ...tseslint.configs.disableTypeChecked },
  {
    files: ['**/*.js', '**/*.mjs'],
    languageOptions: {
      globals: { process: 'readonly', console: 'readonly', URL: 'readonly', WebAssembly: 'readonly' },
    },
  },
);
