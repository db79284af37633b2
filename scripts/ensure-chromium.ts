// Part of `npm test`: the browser tests drive Debian's Chromium through playwright-core (no browser
// is ever downloaded). When it is missing and we may install packages (root with apt-get), install
// it; otherwise say how, and let the browser tests fail with the same hint.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

/** Where the browser tests expect Chromium (test/helpers/browser.ts). */
const CHROMIUM = '/usr/bin/chromium';
const HINT = "The browser tests need Debian's Chromium at /usr/bin/chromium: sudo apt-get install chromium";

function apt(args: string[]): boolean {
  const r = spawnSync('env', ['DEBIAN_FRONTEND=noninteractive', 'apt-get', ...args], { stdio: ['ignore', 'ignore', 'inherit'] });
  return r.status === 0;
}

if (!existsSync(CHROMIUM)) {
  if (process.getuid?.() === 0 && existsSync('/usr/bin/apt-get')) {
    console.error("ensure-chromium: installing Debian's chromium for the browser tests (apt-get)...");
    if (!(apt(['update', '-qq']) && apt(['install', '-y', '-qq', 'chromium']) && existsSync(CHROMIUM))) {
      console.error(`ensure-chromium: apt-get could not install chromium. ${HINT}`);
    }
  } else {
    console.error(`ensure-chromium: ${HINT}`);
  }
}
