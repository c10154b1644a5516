// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

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
      regex: '(^|/)main/(?!api/contract$|demo/demo-contract$)',
      message: 'The renderer may import only the API contract (and the demo panel its contract) from main/.',
    },
    {
      regex: '(^|/)main/api/contract$',
      allowTypeImports: true,
      message: 'The renderer may import the API contract as types only (import type …).',
    },
    {
      regex: '(^|/)main/demo/demo-contract$',
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
    languageOptions: {
      parserOptions: {
        projectService: {
          allowDefaultProject: ['*.js', 'bin/*.js', '.ci/*.js'],
        },
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
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
            { regex: '(^|/)main/(?!api/contract\\.js$)', message: 'config/ may import only the API contract from main/.' },
          ],
        },
      ],
    },
  },
  {
    files: ['main/**/*.ts'],
    ignores: ['main/electron/**'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['electron', 'electron/*'], message: 'Only main/electron/ may import Electron.' },
            { group: ['**/renderer/**'], message: 'main/ must not import renderer/.' },
          ],
        },
      ],
    },
  },
  {
    files: ['**/*.js', 'bin/*.js'],
    ...tseslint.configs.disableTypeChecked,
    languageOptions: { globals: globals.node },
  },
);
