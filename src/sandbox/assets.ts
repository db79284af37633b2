import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Folder of the sandbox's static files (web page, chat excerpt). They live in the source tree,
 * next to this file's TypeScript source, and are served as they are (no build step), so the
 * compiled module (dist/src/sandbox) finds them by walking up to the package root.
 */
export function sandboxSourceDir(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = join(dir, 'src', 'sandbox');
    if (existsSync(join(dir, 'package.json')) && existsSync(join(candidate, 'web'))) return candidate;
    const up = dirname(dir);
    if (up === dir) {
      throw new Error(`Sandbox web files not found above ${fileURLToPath(import.meta.url)}: src/sandbox/web must ship with the app.`);
    }
    dir = up;
  }
}
