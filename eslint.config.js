// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const browserApis = ['wxt/browser', 'wxt/*', '#imports', 'webextension-polyfill', 'idb', '@wxt-dev/*'];

/**
 * Layers (Dark Reader style): the pure core may import nothing from the browser or other layers;
 * adapters wrap browser APIs and may use only the core; UI and background may not import each other.
 */
export default tseslint.config(
  { ignores: ['.output/**', '.wxt/**', 'node_modules/**', 'endpoint/node_modules/**', 'test-results/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    // Type-aware rules: a promise nobody awaits or catches is how a refresh or an event silently dies.
    files: ['**/*.ts'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/await-thenable': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
    },
  },
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-syntax': [
        'error',
        { selector: "AssignmentExpression[left.property.name='innerHTML']", message: 'Build DOM with textContent, never innerHTML.' },
        { selector: "AssignmentExpression[left.property.name='outerHTML']", message: 'Build DOM with textContent, never outerHTML.' },
        {
          selector: "CallExpression[callee.property.name='insertAdjacentHTML']",
          message: 'Build DOM with textContent, never HTML strings.',
        },
      ],
    },
  },
  {
    // Production code proves what it uses exists; tests may assert it (a wrong guess fails the test).
    files: ['src/**/*.ts', 'entrypoints/**/*.ts', 'endpoint/src/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: { '@typescript-eslint/no-non-null-assertion': 'error' },
  },
  {
    files: ['src/core/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: browserApis, message: 'src/core is pure: no browser APIs. Put browser code in src/adapters.' },
            {
              group: ['**/adapters/**', '**/background/**', '**/ui/**', '@/entrypoints/**', '**/entrypoints/**'],
              message: 'src/core may not import other layers.',
            },
          ],
        },
      ],
      'no-restricted-globals': [
        'error',
        { name: 'chrome', message: 'src/core is pure: no browser APIs.' },
        { name: 'browser', message: 'src/core is pure: no browser APIs.' },
        { name: 'window', message: 'src/core is pure: no DOM.' },
        { name: 'document', message: 'src/core is pure: no DOM.' },
        { name: 'indexedDB', message: 'src/core is pure: use an adapter.' },
      ],
    },
  },
  {
    files: ['src/adapters/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['**/background/**', '**/ui/**', '**/entrypoints/**'], message: 'Adapters may use only src/core.' }] },
      ],
    },
  },
  {
    files: ['src/ui/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [{ group: ['**/background/**', '**/entrypoints/**'], message: 'UI talks to the background by messages, not imports.' }],
        },
      ],
    },
  },
  {
    files: ['src/background/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['**/ui/**', '**/entrypoints/**'], message: 'The background may not import UI code.' }] },
      ],
    },
  },
);
