// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import { importX } from 'eslint-plugin-import-x';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';
import { yimenPlugin } from './tools/eslint/no-ignored-result.js';

/**
 * The tiers (docs/architecture.md), lowest first. Each may import only from tiers below it (and
 * from itself); a wrong import fails CI.
 *
 *   common/                        result and listener vocabulary; imports nothing
 *   config/  drivers/              terminal config schema · device codecs, transports, drivers
 *   main/base/                     API contract, logger, version
 *   main/data/   main/devices/     store, sync, audit, privacy, back-office client, documents · device ports
 *   main/features/                 session, journeys, maintenance, speech, fleet agent, supervision, catalog
 *   main/core/                     the composition root and dispatch
 *   main/shells/                   electron, browser host, cli, demo
 */
const TIERS = [
  { target: 'common', below: [] },
  { target: 'config', below: ['common'] },
  { target: 'drivers', below: ['common'] },
  { target: 'main/base', below: ['common', 'config'] },
  { target: 'main/data', below: ['common', 'config', 'main/base'] },
  { target: 'main/devices', below: ['common', 'config', 'drivers', 'main/base'] },
  { target: 'main/features', below: ['common', 'config', 'drivers', 'main/base', 'main/data', 'main/devices'] },
  { target: 'main/core', below: ['common', 'config', 'drivers', 'main/base', 'main/data', 'main/devices', 'main/features'] },
];
const ALL_TIERS = [
  'common',
  'config',
  'drivers',
  'main/base',
  'main/data',
  'main/devices',
  'main/features',
  'main/core',
  'main/shells',
  'renderer',
  'backoffice',
];
const tierZones = TIERS.map(({ target, below }) => ({
  target: `./${target}`,
  from: ALL_TIERS.filter((t) => t !== target && !below.includes(t)).map((t) => `./${t}`),
  message: `${target}/ may import only from ${below.length ? below.join(', ') : 'itself'} (docs/architecture.md).`,
}));
const mainBoundary = {
  patterns: [
    { group: ['electron', 'electron/*'], message: 'Only main/shells/electron/ may import Electron.' },
    { group: ['**/renderer/**'], message: 'main/ must not import renderer/.' },
  ],
};
/** Features reach devices through main/devices ports: types from drivers/, never a concrete driver, emulator or transport. */
const featureBoundary = {
  patterns: [
    {
      group: [
        '**/drivers/**/*-driver.js',
        '**/drivers/**/*-emulator.js',
        '**/drivers/**/*-emulator-host.js',
        '**/drivers/transport/**',
      ],
      allowTypeImports: true,
      message: 'Features reach devices through main/devices (types from drivers/ are fine).',
    },
  ],
};

/** Layer rules (see README, "Architecture"): enforced here so a wrong import fails CI. */
const driverBoundary = {
  patterns: [
    { group: ['electron', 'electron/*'], message: 'drivers/ must not know Electron.' },
    { group: ['react', 'react-dom', 'react/*', 'react-dom/*'], message: 'drivers/ must not know React.' },
    { group: ['**/main/**', '../main', '../../main'], message: 'drivers/ must not import main/.' },
    { group: ['**/renderer/**'], message: 'drivers/ must not import renderer/.' },
    { group: ['**/config/**', '../config', '../../config'], message: 'drivers/ must not read config: main passes options in.' },
  ],
};
const rendererBoundary = {
  patterns: [
    { group: ['electron', 'electron/*'], message: 'The renderer talks to main only through the API client.' },
    { group: ['node:*'], message: 'The renderer has no Node APIs.' },
    { group: ['**/drivers/**'], message: 'The renderer must not import drivers/.' },
    { group: ['**/config/**'], message: 'The renderer must not import config/.' },
    {
      regex: '(^|/)main/(?!base/api/contract$|shells/demo/demo-contract$)',
      message: 'The renderer may import only the API contract (and the demo panel its contract) from main/.',
    },
    {
      regex: '(^|/)main/base/api/contract$',
      allowTypeImports: true,
      message: 'The renderer may import the API contract as types only (import type …).',
    },
    {
      regex: '(^|/)main/shells/demo/demo-contract$',
      allowTypeImports: true,
      message: 'The demo panel may import its contract as types only (import type …).',
    },
  ],
};

export default tseslint.config(
  {
    ignores: ['dist/**', 'node_modules/**', 'bench/results/**', 'test-output/**', 'release/**', 'coverage/**'],
  },
  {
    linterOptions: { reportUnusedDisableDirectives: 'error' },
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    plugins: { 'import-x': importX },
    settings: {
      'import-x/extensions': ['.ts', '.tsx', '.cts', '.mts', '.js', '.jsx', '.cjs', '.mjs'],
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts', '.tsx', '.cts', '.mts'] },
      'import-x/resolver-next': [
        createTypeScriptImportResolver({
          project: ['tsconfig.json', 'renderer/tsconfig.json', 'main/shells/electron/tsconfig.json'],
          noWarnOnMultipleProjects: true,
        }),
      ],
    },
    rules: {
      // Tiers, and no import cycles (type-only imports, erased at run time, are not counted).
      'import-x/no-restricted-paths': ['error', { zones: tierZones }],
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
    },
  },
  {
    languageOptions: {
      parserOptions: {
        projectService: {
          allowDefaultProject: ['*.js', 'bin/*.js', '.ci/*.js', 'tools/eslint/*.js'],
        },
        tsconfigRootDir: import.meta.dirname,
      },
    },
    plugins: { yimen: yimenPlugin },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      'yimen/no-ignored-result': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-syntax': [
        'error',
        {
          selector: 'CallExpression[callee.object.name=/^(it|test|describe)$/][callee.property.name=/^(only|skip)$/]',
          message: 'No focused or skipped tests.',
        },
      ],
    },
  },
  {
    // Tests assert on what a device or a screen did, so a scenario call's Result may go unread there.
    files: ['tests/**/*.ts'],
    rules: { 'yimen/no-ignored-result': 'off' },
  },
  {
    files: ['drivers/**/*.ts'],
    rules: { '@typescript-eslint/no-restricted-imports': ['error', driverBoundary] },
  },
  {
    files: ['renderer/**/*.ts', 'renderer/**/*.tsx'],
    languageOptions: { globals: globals.browser },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      '@typescript-eslint/no-restricted-imports': ['error', rendererBoundary],
    },
  },
  {
    files: ['config/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['electron', 'react', '**/drivers/**', '**/renderer/**'],
              message: 'config/ holds schema and defaults only.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['main/**/*.ts'],
    ignores: ['main/shells/electron/**', 'main/features/**'],
    rules: { '@typescript-eslint/no-restricted-imports': ['error', mainBoundary] },
  },
  {
    files: ['main/features/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        { patterns: [...mainBoundary.patterns, ...featureBoundary.patterns] },
      ],
    },
  },
  {
    files: ['**/*.js', 'bin/*.js'],
    ...tseslint.configs.disableTypeChecked,
    languageOptions: { globals: globals.node },
  },
);
