// ESLint (flat config) for kenko's JavaScript: the page (web/: browser modules) and the JS API
// (wasm/*.mjs: the API, the engine's Web Worker and its client, the worker engine, the
// <kenko-score> element: browsers, workers and Node). scripts/check-js runs
// it, then TypeScript's checker (jsconfig.json). CommonJS: package.json has no "type" (the
// Emscripten build kenko.js beside it is CommonJS).
const js = require('@eslint/js');
const globals = require('globals');

module.exports = [
  {
    // The page and the JS API; tests/ (and the other scripts) may join later.
    ignores: ['build/**', 'build-*/**', 'node_modules/**', 'tests/**', 'bench/**', 'scripts/**', 'examples/**'],
  },
  js.configs.recommended,
  {
    files: ['web/**/*.js'],
    languageOptions: { ecmaVersion: 2022, sourceType: 'module', globals: { ...globals.browser } },
  },
  {
    files: ['wasm/*.mjs'],
    languageOptions: { ecmaVersion: 2022, sourceType: 'module', globals: { ...globals.browser, ...globals.worker, ...globals.node } },
  },
  {
    files: ['eslint.config.js'],
    languageOptions: { sourceType: 'commonjs', globals: { ...globals.node } },
  },
  {
    rules: {
      // Unused parameters document a callback's signature; an unused catch binding is fine.
      'no-unused-vars': ['error', { args: 'none', caughtErrors: 'none' }],
    },
  },
];
