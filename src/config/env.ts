import dotenv from 'dotenv';
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { LOG_LEVELS, type LogLevel } from '../chat/logger.js';
import { ConfigError } from './errors.js';

/**
 * Settings from the environment (and `.env`). The ONLY module that reads `process.env`; secrets
 * live here, behaviour lives in `config/`. Every key is explained in `.env.example`.
 */
export interface Env {
  /** `TWITCH_CLIENT_ID`: the application's client id. Absent: local mode. */
  twitchClientId: string | undefined;
  /** `TWITCH_CLIENT_SECRET`: only for confidential applications (device flow apps are public). */
  twitchClientSecret: string | undefined;
  /** `TWITCH_BOT_LOGIN`: the bot account, checked against the token; default: the token's login. */
  botLogin: string | undefined;
  /** `TWITCH_CHANNELS`: comma-separated channel logins; replaces `channels` of the config file. */
  channels: string[] | undefined;
  /** `TWITCH_TOKEN_FILE`: where the bot's user token is kept. Default `data/token.json`. */
  tokenFile: string;
  /** `BOT_CONFIG_DIR`: folder with `default.yaml` and `channels/`. Default `config`. */
  configDir: string;
  /** `BOT_MODE`: `auto` (local without credentials), `twitch` or `local`. Default `auto`. */
  mode: 'auto' | 'twitch' | 'local';
  /** `LOG_LEVEL`: replaces `log.level` of the config file. */
  logLevel: LogLevel | undefined;
  /** `LOG_FORMAT`: `pretty` or `json`; replaces `log.format` of the config file. */
  logFormat: 'pretty' | 'json' | undefined;
  /** `BOT_STORE_PATH`: replaces `store.path` of the config file. */
  storePath: string | undefined;
  /** `SANDBOX_PORT`: replaces `sandbox.port` of the config file. */
  sandboxPort: number | undefined;
  /** `DASHBOARD_PORT`: replaces `dashboard.port` of the config file. */
  dashboardPort: number | undefined;
  /** `HEALTH_PORT`: replaces `health.port` of the config file (`off`: no health endpoint). */
  healthPort?: number | null | undefined;
  /** `HF_ENDPOINT`: Hugging Face hub (or mirror) for `npm run model:install`. Default https://huggingface.co. */
  hfEndpoint: string;
  /** `HF_TOKEN`: hub token for private or gated models (never logged). */
  hfToken: string | undefined;
  /** The `.env` file that was read, if any. */
  envFile: string | undefined;
}

/** Options of {@link loadEnv}. */
export interface LoadEnvOptions {
  /** Variables to read. Default `process.env`. */
  source?: Readonly<Record<string, string | undefined>>;
  /** `.env` file; values already set in `source` win. Default `$ENV_FILE` or `.env` in the working directory. */
  envFile?: string;
}

const CHANNEL = /^[a-z0-9_]{2,25}$/;

/** Reads and validates the environment; errors name the variable and the fix. */
export function loadEnv(options: LoadEnvOptions = {}): Env {
  const source = options.source ?? process.env;
  const envFile = resolve(options.envFile ?? source['ENV_FILE'] ?? '.env');
  let fileVars: Record<string, string> = {};
  const haveFile = existsSync(envFile);
  if (haveFile) {
    try {
      fileVars = dotenv.parse(readFileSync(envFile));
    } catch (err) {
      throw new ConfigError(`Cannot read ${envFile}: ${(err as Error).message}. Fix: check the file's permissions (or delete it to run in local mode).`);
    }
  }
  const get = (key: string): string | undefined => {
    const v = source[key] ?? fileVars[key];
    return v === undefined || v.trim() === '' ? undefined : v.trim();
  };
  const where = (key: string) => (source[key] !== undefined ? 'the environment' : envFile);

  const channelsRaw = get('TWITCH_CHANNELS');
  let channels: string[] | undefined;
  if (channelsRaw !== undefined) {
    channels = channelsRaw
      .split(/[\s,]+/)
      .filter(Boolean)
      .map((c) => c.replace(/^#/, '').toLowerCase());
    const bad = channels.filter((c) => !CHANNEL.test(c));
    if (bad.length) {
      throw new ConfigError(
        `TWITCH_CHANNELS (${where('TWITCH_CHANNELS')}): "${bad.join('", "')}" is not a Twitch login. Fix: list channel logins separated by commas, e.g. TWITCH_CHANNELS=mychannel,otherchannel`,
      );
    }
  }

  const mode = get('BOT_MODE') ?? 'auto';
  if (mode !== 'auto' && mode !== 'twitch' && mode !== 'local') {
    throw new ConfigError(`BOT_MODE (${where('BOT_MODE')}) is "${mode}". Fix: use auto, twitch or local.`);
  }
  const logLevel = get('LOG_LEVEL')?.toLowerCase();
  if (logLevel !== undefined && !(LOG_LEVELS as readonly string[]).includes(logLevel)) {
    throw new ConfigError(`LOG_LEVEL (${where('LOG_LEVEL')}) is "${logLevel}". Fix: use one of ${LOG_LEVELS.join(', ')}.`);
  }
  const logFormat = get('LOG_FORMAT')?.toLowerCase();
  if (logFormat !== undefined && logFormat !== 'pretty' && logFormat !== 'json') {
    throw new ConfigError(`LOG_FORMAT (${where('LOG_FORMAT')}) is "${logFormat}". Fix: use pretty or json.`);
  }
  const portRaw = get('SANDBOX_PORT');
  const sandboxPort = portRaw === undefined ? undefined : Number(portRaw);
  if (sandboxPort !== undefined && !(Number.isInteger(sandboxPort) && sandboxPort >= 0 && sandboxPort <= 65535)) {
    throw new ConfigError(`SANDBOX_PORT (${where('SANDBOX_PORT')}) is "${portRaw}". Fix: use a port number 1-65535, or 0 for any free port.`);
  }
  const dashRaw = get('DASHBOARD_PORT');
  const dashboardPort = dashRaw === undefined ? undefined : Number(dashRaw);
  if (dashboardPort !== undefined && !(Number.isInteger(dashboardPort) && dashboardPort >= 0 && dashboardPort <= 65535)) {
    throw new ConfigError(`DASHBOARD_PORT (${where('DASHBOARD_PORT')}) is "${dashRaw}". Fix: use a port number 1-65535, or 0 for any free port.`);
  }
  const healthRaw = get('HEALTH_PORT');
  const healthPort = healthRaw === undefined ? undefined : /^(off|none|null)$/i.test(healthRaw) ? null : Number(healthRaw);
  if (typeof healthPort === 'number' && !(Number.isInteger(healthPort) && healthPort >= 0 && healthPort <= 65535)) {
    throw new ConfigError(`HEALTH_PORT (${where('HEALTH_PORT')}) is "${healthRaw}". Fix: use a port number 1-65535, 0 for any free port, or off.`);
  }
  const botLogin = get('TWITCH_BOT_LOGIN')?.toLowerCase();
  if (botLogin !== undefined && !CHANNEL.test(botLogin.replace(/^#/, ''))) {
    throw new ConfigError(
      `TWITCH_BOT_LOGIN (${where('TWITCH_BOT_LOGIN')}) is not a Twitch login. Fix: set the bot account's login name, or remove the line to use the token's.`,
    );
  }
  return {
    twitchClientId: get('TWITCH_CLIENT_ID'),
    twitchClientSecret: get('TWITCH_CLIENT_SECRET'),
    botLogin,
    channels,
    tokenFile: get('TWITCH_TOKEN_FILE') ?? 'data/token.json',
    configDir: get('BOT_CONFIG_DIR') ?? 'config',
    mode,
    logLevel: logLevel as LogLevel | undefined,
    logFormat: logFormat as 'pretty' | 'json' | undefined,
    storePath: get('BOT_STORE_PATH'),
    sandboxPort,
    dashboardPort,
    healthPort,
    hfEndpoint: get('HF_ENDPOINT') ?? 'https://huggingface.co',
    hfToken: get('HF_TOKEN'),
    envFile: haveFile ? envFile : undefined,
  };
}

/**
 * The environment of local mode without reading anything: no credentials, in-memory store,
 * `config/` as config folder, the config file's sandbox port; `overrides` replace single keys.
 */
export function localModeEnv(overrides: Partial<Env> = {}): Env {
  return {
    twitchClientId: undefined,
    twitchClientSecret: undefined,
    botLogin: undefined,
    channels: undefined,
    tokenFile: 'unused',
    configDir: 'config',
    mode: 'local',
    logLevel: undefined,
    logFormat: undefined,
    storePath: ':memory:',
    sandboxPort: undefined,
    dashboardPort: undefined,
    hfEndpoint: 'https://huggingface.co',
    hfToken: undefined,
    envFile: undefined,
    ...overrides,
  };
}

/**
 * Points twurple's `ApiClient` (Helix and `id.twitch.tv` calls) at a local server on `port`
 * through its `TWURPLE_MOCK_API_PORT` variable, or back at Twitch with `undefined`. twurple reads
 * the variable on every call, so this is the only switch between Twitch and the sandbox.
 */
export function setTwurpleMockApiPort(port: number | undefined): void {
  if (port === undefined) delete process.env['TWURPLE_MOCK_API_PORT'];
  else process.env['TWURPLE_MOCK_API_PORT'] = String(port);
}

/**
 * Loggers that twurple creates without our logger (its chat rate limiters) print coloured lines
 * straight to the console, breaking `LOG_FORMAT=json`. Their only setting is the `LOGGING`
 * variable of `@d-fischer/logger`: raise `rate-limiter` to critical unless the user set it. The
 * effect queues keep the chat budget below twurple's limit and report shedding themselves.
 */
export function quietLibraryLoggers(env: Record<string, string | undefined> = process.env): void {
  const current = env['LOGGING'] ?? '';
  if (/(^|;)\s*rate-limiter\s*=/.test(current)) return;
  env['LOGGING'] = current ? `${current};rate-limiter=critical` : 'rate-limiter=critical';
}
