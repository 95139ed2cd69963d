import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', 'web/dist/**', 'reports/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-imports': 'off',
      // Published constants and golden values keep the digits of their source, even past double precision.
      'no-loss-of-precision': 'off',
      '@typescript-eslint/no-loss-of-precision': 'off',
    },
  },
  {
    // The pure core never touches I/O: files, processes, network or databases belong to adapters.
    files: [
      'src/pricing/**/*.ts',
      'src/time/**/*.ts',
      'src/calendar/**/*.ts',
      'src/market/**/*.ts',
      'src/signals/**/*.ts',
      'src/strategy/**/*.ts',
      'src/engine/**/*.ts',
      'src/lib/**/*.ts',
      'src/history/**/*.ts',
      'src/metrics/**/*.ts',
      'src/analysis/**/*.ts',
      'src/overfitting/**/*.ts',
    ],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['node:*', 'fs', 'fs/*', 'path', 'http', 'https', 'child_process', 'net', 'os', 'better-sqlite3', '@duckdb/*', '**/data/**', '**/cli/**', '**/server/**'],
              message: 'The pure core imports no I/O; put this in an adapter (src/data, src/cli, src/server).',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['bin/**/*.js', 'scripts/**/*.mjs', 'scripts/**/*.js', '*.js'],
    languageOptions: { globals: { ...globals.node } },
  },
);
