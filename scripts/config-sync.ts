// Copies config/sections/<module>.yaml into config/default.yaml (see src/config/sections.ts).
// Usage: npm run config:sync [-- --check]   (--check: exit 1 when default.yaml is out of date)
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readSections, syncSections } from '../src/config/sections.js';

const dir = 'config';
const path = join(dir, 'default.yaml');
const before = readFileSync(path, 'utf8');
const after = syncSections(before, readSections(dir));
if (process.argv.includes('--check')) {
  if (after !== before) {
    console.error(`${path} is out of date with config/sections/. Fix: run npm run config:sync`);
    process.exit(1);
  }
  console.log(`${path} is up to date.`);
} else if (after !== before) {
  writeFileSync(path, after);
  console.log(`${path} updated from config/sections/.`);
} else {
  console.log(`${path} already up to date.`);
}
