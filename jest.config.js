// Jest runs the compiled ESM output of `tsc` (see `npm test`): no transform, and worker
// threads load real `.js` files. Only tests whose TypeScript source still exists are run,
// so a stale file left in dist/ by a deleted test never runs.
import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';

function testSources(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    if (e.isDirectory()) return e.name === 'fixtures' ? [] : testSources(p);
    return e.name.endsWith('.test.ts') ? [p] : [];
  });
}

const root = import.meta.dirname;
const compiled = testSources(join(root, 'test')).map((p) => join('<rootDir>', 'dist', relative(root, p)).replace(/\.ts$/, '.js'));

export default {
  testEnvironment: 'node',
  rootDir: root,
  roots: ['<rootDir>/dist/test'],
  testMatch: compiled.length > 0 ? compiled : ['<rootDir>/dist/test/**/*.test.js'],
  transform: {},
  testTimeout: 60000,
};
