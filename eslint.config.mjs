// ESLint (flat config) for the extension, its panel pages, the tests and the build scripts.
// Run through `npm run lint` (scripts/lint.sh), which lints the paths listed in .lint-scope (the whole repository).
// Type-aware: each TypeScript file is checked with the tsconfig.json nearest to it (projectService):
// tsconfig.json for src/ and test/, media/webview/tsconfig.json for the panel pages, scripts/bench/tsconfig.json.
import js from '@eslint/js';
import { defineConfig } from 'eslint/config';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/**
 * Packages too heavy for the activation path: the Docker and Elasticsearch clients (with their HTTP, TLS and SSH
 * stacks) and the YAML parser. The build gives each its own bundle (dist/vendor/*.js, scripts/build-config.mjs) that
 * the extension loads on first use; test/unit/architecture/entryBundle.test.ts checks the built entry bundle.
 * Here the same rule is checked per line: only the designated lazy loaders below may load them as values; every
 * other module may import their types only (`import type`, erased by the compiler).
 */
const HEAVY = ['dockerode', '@elastic/elasticsearch', 'yaml', 'ssh2'];
/** What those packages pull in, never imported directly. */
const HEAVY_DEPENDENCIES = ['docker-modem', '@elastic/transport', 'undici', 'tar-fs'];
/** The modules that load a heavy package on first use, with `require()` inside a function. */
const LAZY_LOADERS = [
  'src/core/docker/client.ts',
  'src/core/docker/ssh.ts',
  'src/core/logs/logStore.ts',
  'src/core/stack/compose/loader.ts',
  // The report's renderers, a bundle of the extension's own code (dist/lazy/reportRender.js, scripts/build-config.mjs).
  'src/core/report/writer.ts',
];

const heavyMessage =
  'Loaded lazily (dist/vendor/*.js): import its types with `import type`, and values through the lazy loader (createDockerClient, logStore, compose loader).';
const heavyPaths = [
  ...HEAVY.map((name) => ({ name, allowTypeImports: true, message: heavyMessage })),
  ...HEAVY_DEPENDENCIES.map((name) => ({ name, message: 'Part of a lazily loaded client; use the client instead.' })),
];
const heavyPattern = `^(${HEAVY.map((n) => n.replace(/[/.]/g, '\\$&')).join('|')})$`;
/** `require('dockerode')` and `import('dockerode')`, which no-restricted-imports does not see. */
const heavyRuntimeLoads = [
  { selector: `CallExpression[callee.name='require'][arguments.0.value=/${heavyPattern}/]`, message: heavyMessage },
  { selector: `ImportExpression[source.value=/${heavyPattern}/]`, message: heavyMessage },
];

const editorMessage = 'src/core never imports the editor: the CLI and plain-Node tests run it (see test/unit/architecture/coreIsEditorFree.test.ts).';
const editorPaths = [{ name: 'vscode', message: editorMessage }];
const editorPatterns = [{ regex: '^(\\.\\./)+vscode(/|$)', message: editorMessage }];

export default defineConfig(
  {
    ignores: ['dist/**', 'out/**', 'artifacts/**', 'node_modules/**', '.vscode-test/**', 'resources/**', 'testbed/**/node_modules/**'],
  },
  js.configs.recommended,
  tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      '@typescript-eslint/consistent-type-imports': ['error', { prefer: 'type-imports', fixStyle: 'separate-type-imports', disallowTypeAnnotations: false }],
      '@typescript-eslint/no-import-type-side-effects': 'error',
      '@typescript-eslint/no-floating-promises': ['error', { ignoreVoid: true }],
      '@typescript-eslint/no-misused-promises': 'error',
      // tsc already reports unused locals and parameters (noUnusedLocals, noUnusedParameters); `_name` opts out.
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      // The code is written for noUncheckedIndexedAccess (`parts[0]!`, `match[2] as string`: tsc with that flag finds
      // only 2 errors), which this project does not turn on yet; this rule would strip those assertions.
      '@typescript-eslint/no-unnecessary-type-assertion': 'off',
    },
  },
  // Node-side code: the extension host, the CLI, the tests and the scripts.
  {
    files: ['src/**', 'test/**', 'scripts/**', 'eslint.config.mjs'],
    ignores: ['src/shared/**'],
    languageOptions: { globals: { ...globals.node } },
  },
  // The panel pages (and the pure modules they share with the host) run in a browser.
  {
    files: ['media/**', 'src/shared/**'],
    languageOptions: { globals: { ...globals.browser } },
  },
  {
    files: ['test/**'],
    languageOptions: { globals: { ...globals.mocha } },
    // Test doubles implement async interfaces without awaiting anything.
    rules: { '@typescript-eslint/require-await': 'off' },
  },
  // Plain JavaScript (build scripts, this file): no type information.
  {
    files: ['**/*.mjs', '**/*.js', '**/*.cjs'],
    ...tseslint.configs.disableTypeChecked,
  },
  // The activation path: heavy packages only through their lazy loaders; the editor never in src/core.
  {
    files: ['src/**/*.ts', 'media/**/*.ts'],
    ignores: [...LAZY_LOADERS, 'src/core/**'],
    rules: {
      '@typescript-eslint/no-restricted-imports': ['error', { paths: heavyPaths }],
      'no-restricted-syntax': ['error', ...heavyRuntimeLoads],
    },
  },
  {
    files: ['src/core/**/*.ts'],
    ignores: LAZY_LOADERS,
    rules: {
      '@typescript-eslint/no-restricted-imports': ['error', { paths: [...heavyPaths, ...editorPaths], patterns: editorPatterns }],
      'no-restricted-syntax': ['error', ...heavyRuntimeLoads],
    },
  },
  {
    // The lazy loaders themselves: the heavy package inside a function, never at module level.
    files: LAZY_LOADERS,
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        { paths: [...HEAVY_DEPENDENCIES.map((name) => ({ name })), ...editorPaths], patterns: editorPatterns },
      ],
      '@typescript-eslint/no-require-imports': 'off',
      'no-restricted-syntax': [
        'error',
        {
          selector: `CallExpression[callee.name='require'][arguments.0.value=/${heavyPattern}/]:not(:function CallExpression)`,
          message: 'Load it inside the function that first needs it, not when the module loads.',
        },
        ...heavyRuntimeLoads.slice(1),
      ],
    },
  },
);
