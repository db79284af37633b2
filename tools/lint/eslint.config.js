// ESLint for the whole repository (run through `npm run lint`, see tools/lint/run.mjs).
// typescript-eslint's recommended rules without type information (fast, and passable by every
// branch); formatting is Prettier's job (eslint-config-prettier switches the style rules off).
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['**/dist/**', '**/node_modules/**', 'models/**', 'coverage/**', 'data/**', 'test/fixtures/**'] },
  { linterOptions: { reportUnusedDisableDirectives: 'off' } },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      // Unused on purpose when prefixed with `_` (tuple slots, ignored parameters).
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_', caughtErrors: 'none', ignoreRestSiblings: true },
      ],
      // Chat sanitising and IRC parsing match control characters and combining marks on purpose.
      'no-control-regex': 'off',
      'no-misleading-character-class': 'off',
      // Errors here are rewritten to say the fix; the original is logged where it matters.
      'preserve-caught-error': 'off',
      // Counters reset before loops read clearer than the rule's rewrite.
      'no-useless-assignment': 'off',
      '@typescript-eslint/no-unused-expressions': ['error', { allowShortCircuit: true, allowTernary: true }],
      // A `let` read by a closure before its one assignment (callbacks wired before the object exists).
      // Library callbacks get their own `this` (prom-client's collect()) and need the outer one too.
      '@typescript-eslint/no-this-alias': 'off',
      'prefer-const': ['error', { destructuring: 'all', ignoreReadBeforeAssign: true }],
    },
  },
  {
    // Tests poke at internals and build partial fakes.
    files: ['test/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off', '@typescript-eslint/no-unused-expressions': 'off' },
  },
  {
    // Pages served to the browser (sandbox, dashboard, replay report scripts).
    files: ['src/**/web/**/*.js'],
    languageOptions: { globals: { ...globals.browser } },
  },
  prettier,
);
