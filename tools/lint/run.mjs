#!/usr/bin/env node
// `npm run lint`: ESLint (typescript-eslint), Prettier check and the import-layer check.
// `npm run format`: Prettier writes, then ESLint fixes what it can.
// The lint tools live in their own package (tools/lint/package.json): typescript-eslint needs
// TypeScript's JavaScript API (TypeScript < 6.1), while the project builds with TypeScript 7,
// which has none. They are installed here on first use (npm ci, from the npm registry).
import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');
const fix = process.argv.includes('--fix');

/** Files Prettier formats: code only (Markdown and YAML keep their hand layout). */
const PRETTIER_FILES = ['**/*.{ts,js,mjs,cjs}'];

function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', ...opts });
  if (r.error) throw r.error;
  return r.status ?? 1;
}

function ensureInstalled() {
  const lock = join(here, 'package-lock.json');
  const installed = join(here, 'node_modules', '.package-lock.json');
  if (existsSync(installed) && statSync(installed).mtimeMs >= statSync(lock).mtimeMs) return;
  console.log('lint: installing the lint tools (tools/lint, npm ci)...');
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const status = run(npm, ['ci', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: here });
  if (status !== 0) {
    console.error('lint: npm ci in tools/lint failed. Fix: check the network access to the npm registry, then run `npm run lint` again.');
    process.exit(status);
  }
}

ensureInstalled();
const bin = (pkg, file) => join(here, 'node_modules', pkg, file);
const eslint = [bin('eslint', 'bin/eslint.js'), '--config', join(here, 'eslint.config.js'), '--max-warnings', '0', ...(fix ? ['--fix'] : []), '.'];
const prettier = [bin('prettier', 'bin/prettier.cjs'), fix ? '--write' : '--check', '--log-level', fix ? 'warn' : 'log', ...PRETTIER_FILES];
const layers = [join(here, 'check-layers.mjs'), root];

const steps = fix
  ? [
      ['prettier', prettier],
      ['eslint', eslint],
    ]
  : [
      ['eslint', eslint],
      ['prettier', prettier],
      ['layers', layers],
    ];
const failed = [];
for (const [name, args] of steps) {
  if (run(process.execPath, args) !== 0) failed.push(name);
}
if (failed.length) {
  console.error(`lint: failed: ${failed.join(', ')}.${failed.includes('prettier') ? ' Fix formatting with `npm run format`.' : ''}`);
  process.exit(1);
}
console.log(fix ? 'format: done' : 'lint: clean');
