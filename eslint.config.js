import js from '@eslint/js';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';
import ts from 'typescript-eslint';
import svelteConfig from './svelte.config.js';

/** A value import of `folder` (any depth): forbidden, with why. Type imports are allowed. */
const runtime = (folder, message) => ({ regex: `(^|/)${folder}(/|$)`, allowTypeImports: true, message });
const HOST = [
  runtime('host', "only the app's process (host/) loads host code"),
  runtime('cli', "only the app's process loads the CLI"),
];
const EXPERIMENT_MAIN = {
  regex: '(^|/)experiments/[^/]+/main$|^\\./main$',
  allowTypeImports: true,
  message: "an experiment's main.ts runs in the run's main child only",
};
const EXPERIMENT_TASK = {
  regex: '(^|/)experiments/[^/]+/task$|^\\./task$',
  allowTypeImports: true,
  message: "an experiment's task.ts runs in worker children only",
};
const EXPERIMENT_CONDUCT = {
  regex: '(^|/)experiments/[^/]+/conduct$|^\\./conduct$|(^|/)conducts$',
  allowTypeImports: true,
  message: "an experiment's conduct.ts runs in the app's process only",
};
/** The engine never imports electron (it runs under plain Node); `patterns` keep runtimes apart. */
const engineRule = (files, patterns) => [
  {
    files,
    rules: {
      'no-restricted-imports': [
        'error',
        { paths: [{ name: 'electron', message: 'the engine and the contract never import electron' }] },
      ],
      ...(patterns.length > 0 ? { '@typescript-eslint/no-restricted-imports': ['error', { patterns }] } : {}),
    },
  },
];

export default ts.config(
  { ignores: ['out/', 'dist/', 'node_modules/', 'test-results/'] },
  js.configs.recommended,
  ...ts.configs.recommended,
  ...svelte.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
  },
  {
    files: ['renderer/**/*.{ts,svelte}', 'tests/renderer/**/*.ts'],
    languageOptions: { globals: { ...globals.browser } },
  },
  {
    files: ['**/*.svelte', '**/*.svelte.ts'],
    languageOptions: { parserOptions: { parser: ts.parser, extraFileExtensions: ['.svelte'], svelteConfig } },
  },
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  // Each runtime imports only its own code, the shared code (common/, contract/, the
  // experiments' info.ts, options, types) and, as types only, what it speaks to: a value import
  // would load one runtime's code into another process (the app would load the buyers'
  // proper-lockfile; a worker the sampler). tests/bundles.test.ts checks the built entries too.
  ...engineRule(['main/lab/**/*.ts', 'contract/**/*.ts'], []),
  ...engineRule(
    ['main/lab/host/**/*.ts', 'main/lab/cli/**/*.ts', 'main/lab/experiments/*/conduct.ts'],
    [
      runtime('run-main', "host code never loads what runs in the run's main child"),
      runtime('worker', 'host code never loads what runs in a worker child'),
      EXPERIMENT_MAIN,
      EXPERIMENT_TASK,
    ],
  ),
  ...engineRule(
    ['main/lab/run-main/**/*.ts', 'main/lab/experiments/*/main.ts'],
    [
      ...HOST,
      runtime('worker', "the run's main child never loads a worker child's code"),
      EXPERIMENT_TASK,
      EXPERIMENT_CONDUCT,
    ],
  ),
  ...engineRule(
    ['main/lab/worker/**/*.ts', 'main/lab/experiments/*/task.ts'],
    [
      ...HOST,
      runtime('run-main', "a worker child never loads the run's main child's code"),
      EXPERIMENT_MAIN,
      EXPERIMENT_CONDUCT,
    ],
  ),
  ...engineRule(
    ['main/lab/common/**/*.ts', 'main/lab/experiments/*.ts', 'main/lab/experiments/*/info.ts', 'contract/**/*.ts'],
    [
      ...HOST,
      runtime('run-main', 'shared code is loaded by every runtime: it imports none of them'),
      runtime('worker', 'shared code is loaded by every runtime: it imports none of them'),
      EXPERIMENT_MAIN,
      EXPERIMENT_TASK,
      EXPERIMENT_CONDUCT,
    ],
  ),
  {
    // The shell and the browser server run in the app's process, beside the host.
    files: ['main/shell/**/*.ts', 'main/server/**/*.ts', 'main/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            runtime('run-main', "the app never loads what runs in the run's main child"),
            runtime('worker', 'the app never loads what runs in a worker child'),
            EXPERIMENT_MAIN,
            EXPERIMENT_TASK,
          ],
        },
      ],
    },
  },
  {
    // Only the Electron shell may import electron.
    files: ['main/server/**/*.ts', 'main/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'electron', message: 'only main/shell/ imports electron (serve.js runs under plain Node)' }],
        },
      ],
    },
  },
  {
    // The view talks to the engine only through the contract.
    files: ['renderer/**/*.{ts,svelte}'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['**/main/**', 'electron', 'node:*'], message: 'the view only sees the contract' }] },
      ],
    },
  },
);
