// `npm start`: the bot on Twitch when credentials are configured, else local mode (sandbox + web page).
// `node dist/src/main.js replay <file> [options]`: the replay CLI (same as `npm run replay`).
// First import: twurple's internal loggers must be configured before twurple is loaded.
import './config/library-logs.js';
import { exitOnFatal } from './app/fatal.js';
import { resolveMode, startApp, type App } from './app/app.js';
import { createLogger } from './chat/logger.js';
import { loadEnv } from './config/env.js';
import { ConfigError } from './config/errors.js';
import { loadConfig } from './app/load-config.js';

async function main(): Promise<void> {
  // 1. Settings: .env (secrets) and config/ (behaviour), validated before anything starts.
  const env = loadEnv();
  const config = loadConfig({ dir: env.configDir, channels: env.channels, localMode: resolveMode(env) === 'local' });
  const log = createLogger({ level: env.logLevel ?? config.global.log.level, format: env.logFormat ?? config.global.log.format });
  for (const w of config.warnings) log.warn(w);

  // 2. Start (local mode when no credentials).
  let app: App | undefined;
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) {
      log.warn('second signal: exiting now');
      process.exit(1);
    }
    stopping = true;
    log.info('shutting down', { signal });
    await app?.close();
    log.info('stopped');
    process.exit(0);
  };
  // A stray rejection (e.g. inside a library) is logged; the bot keeps running.
  process.on('unhandledRejection', (reason) => log.error('unhandled promise rejection', { error: reason }));
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));

  app = await startApp({ env, config, log });
  // A revoked token cannot heal: exit non-zero (code 3) so a supervisor restarts after `npm run auth`.
  exitOnFatal(app, () => {
    if (stopping) return false;
    stopping = true;
    return true;
  });
  if (app.mode === 'local') {
    const url = app.sandbox!.url;
    log.info('running in local mode (no Twitch credentials)', { url, bot: app.identity.login, channels: app.channels });
    process.stdout.write(
      [
        '',
        '  Local mode: no Twitch credentials (TWITCH_CLIENT_ID) configured, so the bot runs against a',
        '  local Twitch stand-in on this machine. Nothing is sent to Twitch.',
        '',
        `  Open ${url} to chat as any viewer (pick a name and a role) and watch the bot answer and moderate.`,
        `  Bot: ${app.identity.login} in #${app.channels[0]}. Try !commands, !topic or a question from config/faq.yaml.`,
        '',
        '  To run on Twitch: see "Running on Twitch" in README.md (.env, npm run auth). Ctrl+C stops.',
        '',
      ].join('\n') + '\n',
    );
  } else {
    log.info('running on Twitch', { bot: app.identity.login, channels: app.channels });
  }
  if (app.dashboard) {
    // The login link is a secret: printed on this terminal only, never sent to the log
    const d = app.dashboard;
    log.info('dashboard ready', { url: d.url, signIn: d.loginUrl ? 'login link (printed below)' : 'Twitch' });
    process.stdout.write(
      d.loginUrl
        ? `\n  Dashboard: ${d.url}/  (this machine only). Sign in with this link (valid until the bot stops):\n  ${d.loginUrl}\n\n`
        : `\n  Dashboard: ${d.url}/  (sign in with Twitch: the channels' moderators and broadcaster)\n\n`,
    );
  }
  await app.runtime.waitUntilJoined(30_000).catch((err: Error) => log.warn(err.message));
}

async function entry(): Promise<void> {
  if (process.argv[2] === 'replay') {
    const { replayCli } = await import('./app/replay/cli.js');
    process.exitCode = await replayCli(process.argv.slice(3));
    return;
  }
  await main();
}

entry().catch((err: unknown) => {
  if (err instanceof ConfigError) {
    process.stderr.write(`\n${err.message}\n\n`);
    process.exit(2);
  }
  process.stderr.write(`Fatal: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
