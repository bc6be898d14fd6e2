// ESLint (flat config) with type information. The folder boundaries of CONTRIBUTING.md are
// encoded here as `no-restricted-imports` per folder, so breaking one fails `npm test`
// (test/unit/lint/boundaries.test.ts shows each rule firing on a fixture).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/** Everything under src/server except the LSP adapter is core. */
const CORE = ['src/server/**/*.ts'];
const ADAPTER = ['src/server/server.ts', 'src/server/lsp/**/*.ts'];

const nodeBuiltins = [
  'assert',
  'buffer',
  'child_process',
  'cluster',
  'crypto',
  'dgram',
  'dns',
  'events',
  'fs',
  'fs/promises',
  'http',
  'https',
  'net',
  'os',
  'path',
  'process',
  'readline',
  'stream',
  'tls',
  'url',
  'util',
  'worker_threads',
  'zlib',
];

// One ESLint setting per rule and file wins (the last matching object), so a folder inside the
// client that has rules of its own repeats the client's pattern.
const clientNoServer = {
  group: ['**/server', '**/server/*', '**/server/**'],
  message: 'The client never imports src/server: what both sides need lives in src/shared.',
};

/** The boundary rules, exported so the boundary test can run them on fixtures. */
export const boundaries = [
  {
    files: CORE,
    ignores: ADAPTER,
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'vscode', message: 'Core modules never import vscode: only src/client does.' }],
          patterns: [
            {
              group: ['vscode-languageserver', 'vscode-languageserver/*', 'vscode-languageserver-*'],
              message: 'Core modules never import the LSP library: only server.ts and lsp/ adapt the core to LSP.',
            },
            {
              group: ['**/shared/protocol', '**/shared/protocol.ts'],
              message: 'Core modules never import shared/protocol: domain types live in named files in src/shared.',
            },
            { group: ['**/lsp', '**/lsp/*', '**/server/server'], message: 'Core modules never import the LSP adapter.' },
          ],
        },
      ],
    },
  },
  {
    files: ['src/client/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [clientNoServer] }],
    },
  },
  {
    files: ['src/shared/**/*.ts'],
    ignores: ['src/shared/protocol.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'vscode', message: 'src/shared is used by both sides: no vscode.' }],
          patterns: [
            { group: ['**/server/**', '**/client/**'], message: 'src/shared imports neither side.' },
            {
              group: ['vscode-languageserver', 'vscode-languageserver/*', 'vscode-languageserver-*'],
              message: 'Only protocol.ts may use the LSP types.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['media/src/**/*.ts', 'src/client/webviews/model/**/*.ts', 'src/client/webviews/messages.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'vscode', message: 'Webview code runs in the browser: no vscode.' }],
          patterns: [
            clientNoServer,
            {
              group: [...nodeBuiltins, ...nodeBuiltins.map((m) => `node:${m}`), 'node:*'],
              message: 'Webview code runs in the browser: no Node built-ins.',
            },
          ],
        },
      ],
    },
  },
];

export default tseslint.config(
  {
    ignores: [
      'node_modules/',
      'dist/',
      '.tools/',
      '.demo/',
      '.bench/',
      'test-results/',
      'test/fixtures/',
      'test/e2e/fixture-workspace/',
      'demo/',
      '**/*.js',
      '**/*.mjs',
      '**/*.cjs',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    languageOptions: {
      parserOptions: {
        projectService: true,
        tsconfigRootDir: import.meta.dirname,
      },
    },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { arguments: false, attributes: false } }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      '@typescript-eslint/no-unused-expressions': ['error', { allowShortCircuit: true, allowTernary: true }],
      // TypeScript checks these itself (noUnusedLocals, strict); the JS rules misfire on types.
      'no-undef': 'off',
      'no-redeclare': 'off',
    },
  },
  {
    // The custom LSP messages are grouped in namespaces, as vscode-eslint's protocol does.
    files: ['src/shared/protocol.ts'],
    rules: { '@typescript-eslint/no-namespace': 'off' },
  },
  {
    // Subcommands are required lazily, so `dbpulse lint` never loads a database driver.
    files: ['src/cli/main.ts'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['test/**/*.ts', 'bench/**/*.ts'],
    rules: {
      // Tests and benchmarks type test doubles loosely on purpose.
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
      // Optional packages and stand-ins are loaded only when a test needs them.
      '@typescript-eslint/no-require-imports': 'off',
    },
  },
  ...boundaries,
);
