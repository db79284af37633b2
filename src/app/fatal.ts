import type { App } from './app.js';

/** Exit code when the bot cannot go on by itself (revoked token): a supervisor restarts it after the fix. */
export const EXIT_NEEDS_OPERATOR = 3;

/**
 * Wires an app's fatal condition (a revoked token) to the process: the message (with its fix,
 * `npm run auth`) goes to stderr, the app closes, and the process exits with
 * {@link EXIT_NEEDS_OPERATOR}. `claim` returns false when a shutdown is already under way.
 */
export function exitOnFatal(app: App, claim: () => boolean = () => true, exit: (code: number) => void = (code) => process.exit(code)): void {
  app.onFatal((message) => {
    if (!claim()) return;
    process.stderr.write(`\n${message}\n\n`);
    void app.close().finally(() => exit(EXIT_NEEDS_OPERATOR));
  });
}
