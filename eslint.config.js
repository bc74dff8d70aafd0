import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';
import svelteConfig from './svelte.config.js';
import prettier from 'eslint-config-prettier';

export default tseslint.config(
  {
    ignores: ['node_modules/', 'out/', 'dist/', '.scratch/', '.lumen-demo/', 'resources/models/', 'test-artifacts/'],
  },
  js.configs.recommended,
  ...tseslint.configs.strict,
  ...svelte.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    files: ['src-renderer/**/*.{ts,svelte}', 'src-renderer/**/*.svelte.ts'],
    languageOptions: { globals: { ...globals.browser } },
  },
  {
    files: ['**/*.svelte', '**/*.svelte.ts'],
    languageOptions: { parserOptions: { parser: tseslint.parser, extraFileExtensions: ['.svelte'], svelteConfig } },
  },
  {
    // `common` code imports no runtime (VS Code layering): only other common code.
    files: ['src-common/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: ['node:*', 'electron', '../src-main/*', '../src-renderer/*', 'sharp', 'better-sqlite3', 'onnxruntime-node'] },
      ],
    },
  },
  {
    // Plain-Node services never import Electron; the renderer never imports Node or main code.
    files: ['src-main/node/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { paths: ['electron'], patterns: ['**/electron-main/*', '**/src-renderer/*'] }] },
  },
  {
    files: ['src-renderer/**/*.{ts,svelte}'],
    rules: { 'no-restricted-imports': ['error', { patterns: ['node:*', 'electron', '**/src-main/*'] }] },
  },
  // Layout is Prettier's job (npm run format); ESLint keeps to correctness.
  prettier,
);
