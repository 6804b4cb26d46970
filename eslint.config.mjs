// @ts-check
// Lint rules that hold the layers apart (ARCHITECTURE.md), keep focused tests out of the suite,
// and catch mistakes the type checker lets through. Each message says what to do instead.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/** @param {string} message @param {string[]} group */
const forbid = (message, group) => ({ group, message, allowTypeImports: true });

const NODE = ['node:*', 'fs', 'path', 'os', 'child_process', 'crypto', 'zlib', 'better-sqlite3', 'sharp', 'ws'];

/**
 * Spreading an array into arguments puts every element on the call stack: a million rows
 * overflow it. Files listed here still do it with arrays that are small by construction
 * (classes, groups, query parameters); this list only shrinks.
 */
const SMALL_SPREADS_ONLY = [
  'electron/cli/output.ts',
  'electron/core/evaluation/fairness-report.ts',
  'electron/core/export/bundle/readme.ts',
  'electron/core/export/bundle/doc-blocks.ts',
  'electron/core/runs/run-repo.ts',
  'electron/core/labeling/resolve.ts',
  'electron/core/labeling/suggest.ts',
  'electron/core/evaluation/evaluation-store.ts',
  'electron/core/training/training-manager.ts',
  'shared/stats/threshold-optimizer.ts',
  'shared/stats/fairness.ts',
  'shared/label-stats/confident-learning.ts',
  'renderer/src/**',
  'test/**',
  'bench/**',
];

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'release/**', 'test-results/**', 'test-reports/**', 'playwright-report/**', '**/*.js', '**/*.cjs'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', ignoreRestSiblings: true }],
      'no-restricted-syntax': [
        'error',
        {
          selector: "CallExpression[callee.property.name='push'] > SpreadElement, CallExpression[callee.object.name='Math'][callee.property.name=/^(max|min)$/] > SpreadElement",
          message: 'push(...xs) and Math.max(...xs) put every element on the call stack and overflow it on large arrays: loop, or use concat/reduce.',
        },
      ],
    },
  },
  { files: SMALL_SPREADS_ONLY, rules: { 'no-restricted-syntax': 'off' } },
  {
    files: ['shared/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': ['error', { patterns: [
        forbid('shared/ is pure TypeScript loaded by the renderer, the core and the worker alike: no Node, no Electron, no React, no store. Put Node code in electron/core.', [...NODE, 'electron', 'react', 'react-dom']),
        forbid('shared/ must not reach into a layer above it: move what both need into shared/.', ['**/electron/**', '**/renderer/**']),
      ] }],
    },
  },
  {
    files: ['renderer/src/**/*.ts', 'renderer/src/**/*.tsx'],
    rules: {
      '@typescript-eslint/no-restricted-imports': ['error', { patterns: [
        forbid('The renderer talks to the core only through shared/api (window.cairn in Electron, HTTP + WebSocket under cairn serve); it never loads Node, Electron, the store or tfjs.', [...NODE, 'electron', '@tensorflow/*', '**/electron/**']),
      ] }],
    },
  },
  {
    files: ['electron/core/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': ['error', { patterns: [
        forbid('The core is plain Node shared by the desktop app, cairn serve and the CLI: it never loads Electron (electron/main passes what it needs, such as a file picker, into CoreOptions).', ['electron']),
        forbid('The core is below the app shells and beside the worker: it reaches the worker through shared/worker/protocol messages, never by importing it.', ['**/electron/main/**', '**/electron/server/**', '**/electron/cli/**', '**/electron/worker/**', '**/renderer/**']),
      ] }],
    },
  },
  {
    files: ['electron/worker/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': ['error', { patterns: [
        forbid('The worker trains; it never opens the database or loads Electron: the core sends it a job over IPC (shared/worker/protocol) and stores what it sends back.', ['better-sqlite3', 'electron', '**/electron/core/**', '**/electron/server/**', '**/electron/cli/**', '**/renderer/**']),
      ] }],
    },
  },
  {
    files: ['test/**/*.ts'],
    rules: {
      // Test doubles stand in for typed APIs, and rounding tests write exact decimal literals on purpose.
      '@typescript-eslint/no-explicit-any': 'off',
      'no-loss-of-precision': 'off',
      'no-restricted-properties': ['error',
        ...['it', 'test', 'describe'].map((object) => ({ object, property: 'only', message: '.only runs one test and silently skips the rest of the suite: remove it before committing.' })),
      ],
    },
  },
);
