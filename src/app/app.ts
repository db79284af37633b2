import { isCustomCommandsModule } from '../custom-commands/module.js';
import { isQuotesModule } from '../quotes/module.js';
import { isTimersModule } from '../timers/module.js';
import { Bot } from '../bot/bot.js';
import { SystemClock, type Clock } from '../chat/clock.js';
import type { Decision } from '../chat/decisions.js';
import type { Logger } from '../chat/logger.js';
import type { BotModule, ModuleServices } from '../bot/module.js';
import { channelConfigSchema } from './channel-config.js';
import { createModules } from './modules.js';
import { HealthRegistry } from '../bot/health.js';
import { AuthMonitor } from '../twitch/auth-monitor.js';
import { createAuth } from '../twitch/auth.js';
import { applyApiTarget, type TwitchTarget } from '../twitch/connection.js';
import { TwitchRuntime } from '../twitch/twitch-runtime.js';
import type { Env } from '../config/env.js';
import { ConfigError } from '../config/errors.js';
import { checkFaqSeedFiles } from '../faq/seed-check.js';
import type { EncoderConfig } from '../config/global-config.js';
import type { LoadedConfig } from './load-config.js';
import type { Encoder } from '../nlp/encoder.js';
import { createEncoder } from '../nlp/create-encoder.js';
import { SharedEncoder } from '../nlp/shared-encoder.js';
import { CalibrationStore } from '../store/calibration-store.js';
import { startSandbox, type Sandbox, type SandboxOptions } from '../sandbox/index.js';
import { ChatterRegistry } from '../store/chatters.js';
import { Store } from '../store/store.js';
import { ChannelSettingsStore } from '../store/channel-settings.js';
import {
  AuditLog,
  createDashboardHooks,
  createModeratorActionsModule,
  startDashboard,
  type Dashboard,
  type DashboardOptions,
  type TwitchSignInOptions,
} from '../dashboard/index.js';
import { isFaqModule } from '../faq/module.js';
import { isModerationModule } from '../moderation/module.js';
import { isTopicsModule } from '../topics/module.js';
import { startHealthServer, type HealthServer } from './healthz.js';

/** Options of {@link startApp}. */
export interface AppOptions {
  env: Env;
  config: LoadedConfig;
  log: Logger;
  /** Default `SystemClock`. */
  clock?: Clock;
  /** Creates the feature modules. Default {@link createModules}. */
  modules?: (services: ModuleServices) => BotModule[];
  /** Local mode: options passed on to the sandbox (tests). Default: from `config.global.sandbox`. */
  sandbox?: SandboxOptions;
  /** Local mode: store file. Default `data/sandbox.sqlite` (the real store is left alone), or `BOT_STORE_PATH`. */
  localStorePath?: string;
  /** Helix retry backoff in ms (tests shorten it). Default 1000. */
  helixBackoffMs?: number;
  /** Dashboard options over `config.global.dashboard` (tests: port 0...), or false for none. Default: the config. */
  dashboard?: Partial<DashboardOptions> | false;
  /** Port of `/healthz` (0 = any free port, null = off). Default: `HEALTH_PORT`, else `health.port` of the config. */
  healthPort?: number | null;
  /** First retry of a failed token refresh in ms (tests and benchmarks shorten it). Default 2000. */
  authRetryMs?: number;
  /** Messages waiting per channel before the oldest are dropped. Default 2000. */
  maxQueuedPerChannel?: number;
  /** Interval of the summary line about dropped messages, ms. Default 10000. */
  dropSummaryEveryMs?: number;
}

/** A running bot: live on Twitch, or in local mode with its sandbox. */
export interface App {
  mode: 'twitch' | 'local';
  bot: Bot;
  runtime: TwitchRuntime;
  store: Store;
  encoder: SharedEncoder;
  /** Local mode only. */
  sandbox: Sandbox | undefined;
  /** The bot account. */
  identity: { login: string; userId: string };
  /** Channels joined. */
  channels: string[];
  /** The moderators' dashboard, unless disabled. */
  dashboard: Dashboard | undefined;
  /** Health of auth, chat and the effect queues (what `/healthz` shows). */
  health: HealthRegistry;
  /** The `/healthz` server, when on. */
  healthServer: HealthServer | undefined;
  /** Where the bot's token stands. */
  auth: AuthMonitor;
  /**
   * Called once when the bot cannot go on by itself (the token was revoked): the caller should
   * close the app and exit non-zero so a supervisor restarts it after the fix.
   */
  onFatal(fn: (message: string) => void): void;
  /** Closes chat, modules, encoder, store and sandbox, in that order. Idempotent. */
  close(): Promise<void>;
}

/** `twitch` when credentials are configured (or forced with BOT_MODE), else `local`. */
export function resolveMode(env: Env): 'twitch' | 'local' {
  if (env.mode === 'local') return 'local';
  if (env.mode === 'twitch') return 'twitch';
  return env.twitchClientId ? 'twitch' : 'local';
}

/** Builds the configured encoder (`hash` built in, or an ONNX model directory; the config schema requires `path` for `onnx`). */
export async function createConfiguredEncoder(cfg: EncoderConfig): Promise<Encoder> {
  try {
    return await createEncoder({ ...cfg.options, kind: cfg.kind, ...(cfg.kind === 'onnx' ? { path: cfg.path } : {}) });
  } catch (err) {
    throw new ConfigError(
      `Cannot load the encoder configured in config/default.yaml (encoder.${cfg.kind === 'onnx' ? 'path/options' : 'options'}): ${(err as Error).message}`,
      { cause: err },
    );
  }
}

/**
 * Starts the bot: store, shared encoder, modules, the `Bot` pipeline, then the Twitch connection
 * (real Twitch, or the local sandbox started here). Fails fast with a {@link ConfigError} on
 * missing credentials, channels or token.
 */
export async function startApp(o: AppOptions): Promise<App> {
  const { env, config, log } = o;
  const clock = o.clock ?? new SystemClock();
  const g = config.global;
  const mode = resolveMode(env);
  const cleanup: (() => Promise<void> | void)[] = [];
  const closeAll = async () => {
    for (const fn of cleanup.reverse()) {
      try {
        await fn();
      } catch (err) {
        log.error('shutdown step failed', { error: err });
      }
    }
    cleanup.length = 0;
  };

  try {
    // 1. Where to connect, as whom.
    let sandbox: Sandbox | undefined;
    let target: TwitchTarget;
    let channels: string[];
    let auth;
    if (mode === 'local') {
      const port = env.sandboxPort ?? g.sandbox.port;
      try {
        sandbox = await startSandbox({
          port,
          channels: [g.sandbox.channel],
          backgroundChat: g.sandbox.backgroundChat,
          logger: log.child({ component: 'sandbox' }),
          ...o.sandbox,
        });
      } catch (err) {
        if (!/in use/i.test((err as Error).message)) throw err;
        throw new ConfigError(
          `Local mode cannot listen on 127.0.0.1:${port}: the port is in use. Fix: set SANDBOX_PORT=0 (any free port) or another port in .env, or sandbox.port in config/default.yaml.`,
          { cause: err },
        );
      }
      cleanup.push(() => sandbox!.close());
      target = { kind: 'local', chatPort: sandbox.port, helixPort: sandbox.helixPort };
      // Every channel of the sandbox (one unless options asked for more, e.g. benchmarks)
      channels = o.sandbox?.channels?.length ? o.sandbox.channels.map((c) => c.replace(/^#/, '').toLowerCase()) : [sandbox.defaultChannel];
      applyApiTarget(target);
      auth = await createAuth({
        clientId: sandbox.clientId,
        token: {
          accessToken: 'sandbox-access-token',
          refreshToken: 'sandbox-refresh-token',
          scope: [],
          expiresIn: null,
          obtainmentTimestamp: new SystemClock().now(),
        },
        log,
      });
    } else {
      if (!env.twitchClientId)
        throw new ConfigError(
          'BOT_MODE is twitch but TWITCH_CLIENT_ID is not set. Fix: set TWITCH_CLIENT_ID in .env (see .env.example), or remove BOT_MODE to run locally.',
        );
      channels = config.channels;
      if (channels.length === 0)
        throw new ConfigError('No channel to join. Fix: set TWITCH_CHANNELS in .env (e.g. TWITCH_CHANNELS=mychannel), or channels in config/default.yaml.');
      target = { kind: 'twitch' };
      applyApiTarget(target);
      auth = await createAuth({
        clientId: env.twitchClientId,
        clientSecret: env.twitchClientSecret,
        tokenFile: env.tokenFile,
        expectedLogin: env.botLogin,
        log,
      });
    }
    log.info('authenticated', { login: auth.login, userId: auth.userId });
    const fatalListeners: ((message: string) => void)[] = [];
    let fatal: string | undefined;
    let runtimeRef: TwitchRuntime | undefined;
    const authMonitor = new AuthMonitor({
      provider: auth.provider,
      userId: auth.userId,
      currentToken: auth.currentToken,
      clock: new SystemClock(),
      log: log.child({ component: 'auth' }),
      ...(o.authRetryMs !== undefined ? { firstRetryMs: o.authRetryMs, maxRetryMs: Math.max(o.authRetryMs, o.authRetryMs * 8) } : {}),
      onRevoked: (message) => {
        fatal ??= message;
        for (const fn of fatalListeners) fn(message);
      },
      onHealed: () => runtimeRef?.reconnectIfDown(),
    });
    cleanup.push(() => authMonitor.close());
    const health = new HealthRegistry();
    health.add('auth', () => ({ auth: authMonitor.health() }));

    // 2. Shared services.
    const store = Store.open({
      path: env.storePath ?? (mode === 'local' ? (o.localStorePath ?? 'data/sandbox.sqlite') : g.store.path),
      origin: env.storePath
        ? 'BOT_STORE_PATH in .env'
        : mode === 'local'
          ? 'the local-mode store (BOT_STORE_PATH in .env overrides it)'
          : 'store.path in config/default.yaml',
    });
    cleanup.push(() => store.close());
    const encoder = new SharedEncoder(await createConfiguredEncoder(g.encoder), {
      maxWaitMs: g.encoder.batch?.maxWaitMs ?? 2,
      adaptiveWait: g.encoder.batch?.adaptive ?? true,
      maxBatch: g.encoder.batch?.maxBatch ?? 32,
    });
    cleanup.push(() => encoder.close());
    log.info('encoder ready', { encoder: encoder.id, dim: encoder.dim });
    // Thresholds in config are hash units: measure this encoder on unrelated chat (stored per encoder id and channel)
    await encoder.calibrate({ persistence: new CalibrationStore(store), log: (msg, fields) => log.info(msg, fields) });
    const services: ModuleServices = { encoder, store, clock, log };
    const audit = new AuditLog(store);
    const modules = [...(o.modules ?? createModules)(services), createModeratorActionsModule(audit)];

    // 3. The pipeline, with the settings changed on the dashboard over the YAML config.
    const channelConfigs = new Map(config.channelConfigs);
    for (const c of channels) if (!channelConfigs.has(c)) channelConfigs.set(c, config.defaultChannel);
    for (const w of checkFaqSeedFiles(new Map(channels.map((c) => [c, channelConfigs.get(c)!])))) log.warn(w.message, { channel: w.channel });
    const chatters = new ChatterRegistry(store);
    const bot = new Bot({
      channels: channelConfigs,
      defaultConfig: config.defaultChannel,
      modules,
      encoder,
      clock,
      log,
      botLogin: auth.login,
      botUserId: auth.userId,
      chatters,
      chattersWarmupMs: g.chatters.warmupMinutes * 60_000,
    });
    cleanup.push(() => bot.close());
    bot.onDecision((d) => logDecision(log, d));
    const moderator = modules.find(isModerationModule)?.moderator;
    const settingsStore = new ChannelSettingsStore(store, channelConfigSchema);
    const hooks = createDashboardHooks({ encoder, bot, settings: settingsStore, baseConfigs: channelConfigs, log, moderator }, audit);
    hooks.settings.applyStored(channels);

    // 4. Chat and Helix.
    const runtime = await TwitchRuntime.start({
      target,
      authProvider: auth.provider,
      botUserId: auth.userId,
      botLogin: auth.login,
      channels,
      bot,
      clock,
      log,
      isAlwaysMod: g.twitch.isAlwaysMod,
      botLevel: g.twitch.botLevel,
      helixRetries: g.twitch.helixRetries,
      helixTimeoutMs: g.twitch.helixTimeoutSeconds * 1000,
      chatDeadlineMs: g.twitch.chatDeadlineSeconds * 1000,
      helixBackoffMs: o.helixBackoffMs,
      ...(o.maxQueuedPerChannel !== undefined ? { maxQueuedPerChannel: o.maxQueuedPerChannel } : {}),
      ...(o.dropSummaryEveryMs !== undefined ? { dropSummaryEveryMs: o.dropSummaryEveryMs } : {}),
    });
    runtimeRef = runtime;
    cleanup.push(() => runtime.close());
    runtime.onHelixFailure((f) => hooks.helixFailure(f));
    hooks.metrics.effects = () => runtime.effects.stats();
    health.add('runtime', () => runtime.health());

    // 5. /healthz on 127.0.0.1 (a busy port is not fatal: the bot runs without it).
    const healthPort = o.healthPort !== undefined ? o.healthPort : env.healthPort !== undefined ? env.healthPort : g.health.port;
    let healthServer: HealthServer | undefined;
    if (healthPort !== null) {
      try {
        healthServer = await startHealthServer(health, healthPort);
        cleanup.push(() => healthServer!.close());
        log.info('health endpoint ready', { url: `http://127.0.0.1:${healthServer.port}/healthz` });
      } catch (err) {
        log.warn(
          `health endpoint not started: port ${healthPort} unavailable. Fix: set health.port in config/default.yaml or HEALTH_PORT (0 = any free port, off = none)`,
          { error: (err as Error).message },
        );
      }
    }

    // 6. The dashboard (its /healthz answers from the same health registry).
    let dashboard: Dashboard | undefined;
    const dc = g.dashboard;
    if (o.dashboard !== false && dc.enabled) {
      const host = o.dashboard?.host ?? dc.host;
      const publicUrl = o.dashboard?.publicUrl ?? dc.publicUrl;
      const channelIds = async (logins: readonly string[]) =>
        new Map((await runtime.api.asUser(auth.userId, (api) => api.users.getUsersByNames([...logins]))).map((u) => [u.name, u.id]));
      const twitch: TwitchSignInOptions | undefined =
        mode === 'local'
          ? {
              clientId: sandbox!.clientId,
              clientSecret: 'sandbox-client-secret',
              authorizeUrl: `http://127.0.0.1:${sandbox!.helixPort}/oauth2/authorize`,
              channelIds,
            }
          : env.twitchClientId && env.twitchClientSecret
            ? { clientId: env.twitchClientId, clientSecret: env.twitchClientSecret, authorizeUrl: 'https://id.twitch.tv/oauth2/authorize', channelIds }
            : undefined;
      if ((!isLoopbackHost(host) || publicUrl) && (!publicUrl || !twitch)) {
        throw new ConfigError(
          `The dashboard would be exposed (dashboard.host ${host}${publicUrl ? `, publicUrl ${publicUrl}` : ''}), and then only "Sign in with Twitch" lets moderators in. Fix: set dashboard.publicUrl in config/default.yaml${twitch ? '' : ' and TWITCH_CLIENT_SECRET in .env (a Confidential Twitch app)'}, or set dashboard.host back to 127.0.0.1 with no publicUrl.`,
        );
      }
      const faqModule = modules.find(isFaqModule);
      const topicsModule = modules.find(isTopicsModule);
      try {
        dashboard = await startDashboard(
          {
            bot,
            store,
            encoder,
            clock,
            log,
            channels,
            baseConfigs: channelConfigs,
            settings: settingsStore,
            moderator,
            faq: faqModule?.faq,
            topics: topicsModule,
            customCommands: modules.find(isCustomCommandsModule),
            timers: modules.find(isTimersModule),
            quotes: modules.find(isQuotesModule),
            actionsFor: (c) => runtime.actionsFor(c),
            onHandled: (fn) => runtime.onHandled(fn),
            health: () => health.report(),
            loginOf: (c, id) => chatters.get(c, id)?.login,
          },
          hooks,
          { port: env.dashboardPort ?? dc.port, sessionHours: dc.sessionHours, ...o.dashboard, host, publicUrl, ...(twitch ? { twitch } : {}) },
        );
      } catch (err) {
        if (!/in use/i.test((err as Error).message)) throw err;
        throw new ConfigError(
          `The dashboard cannot listen on ${host}:${env.dashboardPort ?? dc.port}: the port is in use. Fix: set DASHBOARD_PORT=0 (any free port) or another port in .env, or dashboard.port in config/default.yaml.`,
          { cause: err },
        );
      }
      cleanup.push(() => dashboard!.close());
    }

    return {
      mode,
      bot,
      runtime,
      store,
      encoder,
      sandbox,
      identity: { login: auth.login, userId: auth.userId },
      channels,
      dashboard,
      health,
      healthServer,
      auth: authMonitor,
      onFatal: (fn) => {
        fatalListeners.push(fn);
        if (fatal !== undefined) fn(fatal);
      },
      close: closeAll,
    };
  } catch (err) {
    await closeAll();
    throw err;
  }
}

function isLoopbackHost(host: string): boolean {
  return host === 'localhost' || host === '::1' || host.startsWith('127.');
}

function logDecision(log: Logger, d: Decision): void {
  if (d.kind === 'moderation') {
    // Enforced decisions were logged when decided ("moderation decided"); failures are warned
    const level = d.enforced ? 'debug' : 'info';
    log[level](d.enforced ? 'moderation applied' : 'moderation', {
      channel: d.channel,
      filter: d.filter,
      action: d.action,
      user: d.userLogin,
      score: d.score,
      enforced: d.enforced,
      helixOk: d.helixOk,
      reason: d.reason,
    });
  } else if (d.kind === 'faq') {
    log.info('faq answer', { channel: d.channel, entry: d.entry, user: d.userLogin, score: d.score });
  } else {
    log.debug('command', { channel: d.channel, command: d.command, user: d.userLogin });
  }
}
