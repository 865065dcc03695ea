import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/', 'release/', 'node_modules/', 'test-results/', 'playwright-report/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['scripts/**/*.mjs', '*.config.js'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly' } },
  },
  {
    // The renderer talks only to window.vault: no Node, no Electron, no AWS code, no main-process code.
    files: ['src/renderer/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['node:*', 'fs', 'path', 'child_process', 'os', 'crypto'], message: 'The renderer has no Node.' },
            { group: ['electron'], message: 'The renderer reaches the main process only through window.vault.' },
            { group: ['@aws-sdk/*', '@aws-crypto/*', 'amazon-cognito-identity-js'], message: 'AWS code runs in main.' },
            { group: ['**/main/**', '**/local/**', '**/cli/**'], message: 'Import only src/shared from the renderer.' },
          ],
        },
      ],
    },
  },
  {
    // DESIGN §1: the engine never imports electron, so it runs in the CLI, tests and the bridge too.
    files: [
      'src/main/vault/**/*.ts',
      'src/main/ipc/**/*.ts',
      'src/local/**/*.ts',
      'src/cli/**/*.ts',
      'src/shared/**/*.ts',
    ],
    rules: {
      'no-restricted-imports': [
        'error',
        { paths: [{ name: 'electron', message: 'Only src/main/app and src/preload may import electron.' }] },
      ],
    },
  },
  {
    // IPC handlers are registered only through the validating wrapper in ipc-main.ts.
    files: ['src/**/*.ts'],
    ignores: ['src/main/app/ipc-main.ts'],
    rules: {
      'no-restricted-properties': [
        'error',
        { object: 'ipcMain', property: 'handle', message: 'Use registerCalls() from src/main/app/ipc-main.ts.' },
        { object: 'ipcMain', property: 'on', message: 'Use registerCalls() from src/main/app/ipc-main.ts.' },
      ],
    },
  },
);
