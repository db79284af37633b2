import { join } from 'node:path';
import { startApp, type App, type AppOptions } from '../../src/app/app.js';
import type { ManualClock } from '../../src/chat/clock.js';
import type { ChatContext } from '../../src/chat/context.js';
import type { Decision } from '../../src/chat/decisions.js';
import { silentLogger } from '../../src/chat/logger.js';
import { channelConfigSchema } from '../../src/app/channel-config.js';
import type { ChannelConfig } from '../../src/chat/channel-config.js';
import { localModeEnv, type Env } from '../../src/config/env.js';
import { globalConfigSchema } from '../../src/config/global-config.js';
import type { LoadedConfig } from '../../src/app/load-config.js';
import type { BotMessage, Sandbox, SendAsInput } from '../../src/sandbox/index.js';
import { repoRoot } from './paths.js';

/** The app's environment in local mode: no credentials, in-memory store, sandbox on a free port, the repository's `config/`. */
export const localEnv: Readonly<Env> = localModeEnv({ configDir: join(repoRoot, 'config'), sandboxPort: 0 });

/** A loaded configuration of schema defaults, with `channel` as every channel's config. */
export function defaultLoadedConfig(channel: ChannelConfig = channelConfigSchema.parse({})): LoadedConfig {
  return { global: globalConfigSchema.parse({}), channels: [], channelConfigs: new Map(), defaultChannel: channel, warnings: [] };
}

/** Options of {@link startLocalApp}; the rest is passed on to `startApp`. */
export interface LocalAppOptions extends Partial<Omit<AppOptions, 'env' | 'config'>> {
  /** Default: {@link defaultLoadedConfig} of `channel`. */
  config?: LoadedConfig;
  /** Config of every channel when `config` is not given. Default: schema defaults. */
  channel?: ChannelConfig;
  /**
   * Bot and sandbox both run on this simulated clock; start-up and shut-down, which wait on its
   * timers, move it along. Default: none.
   */
  simulatedClock?: ManualClock;
  /** How long to wait for the bot to join its channels. Default 10000 ms. */
  joinTimeoutMs?: number;
}

/** The real app in local mode, joined to its sandbox channels. */
export interface LocalApp {
  app: App;
  sandbox: Sandbox;
  /** Every decision of the bot, in order. */
  decisions: Decision[];
  /** Sends as a viewer; resolves once the bot has handled that message. */
  send(input: SendAsInput): Promise<ChatContext>;
  /** Sends as a viewer; resolves with the bot's reply to that message. */
  replyTo(input: SendAsInput, timeoutMs?: number): Promise<BotMessage>;
  /** Closes the app and its sandbox. */
  close(): Promise<void>;
}

/**
 * Starts the real app (twurple clients, Helix mock, the given modules) in local mode with its
 * sandbox (free port, no background chat, Helix retries after 50 ms, `/healthz` on a free port), and waits for the join.
 */
export async function startLocalApp(o: LocalAppOptions = {}): Promise<LocalApp> {
  const { config, channel, simulatedClock, joinTimeoutMs, ...rest } = o;
  const app = await startApp({
    helixBackoffMs: 50,
    healthPort: 0,
    log: silentLogger,
    ...rest,
    env: localEnv,
    config: config ?? defaultLoadedConfig(channel),
    ...(simulatedClock ? { clock: simulatedClock } : {}),
    sandbox: { port: 0, backgroundChat: false, ...(simulatedClock ? { clock: simulatedClock } : {}), ...rest.sandbox },
    dashboard: rest.dashboard === false ? false : { port: 0, ...rest.dashboard },
  });
  const close = async (): Promise<void> => {
    if (!simulatedClock) return app.close();
    // Shutting down waits on clock timers (drain, join settle): move simulated time along meanwhile.
    let closed = false;
    const closing = app.close().finally(() => (closed = true));
    for (let i = 0; i < 10_000 && !closed; i++) {
      simulatedClock.advanceTo(simulatedClock.now() + 20);
      await new Promise<void>((r) => setImmediate(r));
    }
    await closing;
  };
  const sandbox = app.sandbox!;
  const decisions: Decision[] = [];
  app.bot.onDecision((d) => decisions.push(d));
  // The runtime finishes its join on a clock timer of 0 ms: let simulated time reach it.
  const offJoined = simulatedClock ? app.runtime.onJoined(() => setImmediate(() => simulatedClock.advanceTo(simulatedClock.now()))) : undefined;
  try {
    await app.runtime.waitUntilJoined(joinTimeoutMs ?? 10_000);
  } catch (error) {
    await close();
    throw error;
  } finally {
    offJoined?.();
  }

  return {
    app,
    sandbox,
    decisions,
    send(input) {
      let id = '';
      const handled = new Promise<ChatContext>((resolve) => {
        const off = app.runtime.onHandled((ctx) => {
          if (ctx.message.id === id) {
            off();
            resolve(ctx);
          }
        });
      });
      id = sandbox.sendAs(input);
      return handled;
    },
    replyTo(input, timeoutMs = 10_000) {
      let id = '';
      const reply = sandbox.waitForBotMessage((m) => m.replyParentId === id, timeoutMs);
      id = sandbox.sendAs(input);
      return reply;
    },
    close,
  };
}
