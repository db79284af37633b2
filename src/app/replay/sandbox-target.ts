import { startApp } from '../app.js';
import type { ChatContext } from '../../chat/context.js';
import type { BotModule } from '../../bot/module.js';
import { createModules } from '../modules.js';
import { localModeEnv } from '../../config/env.js';
import type { EncoderConfig } from '../../config/global-config.js';
import type { LoadedConfig } from '../load-config.js';
import { LOGIN_PATTERN, loginFrom } from '../../sandbox/users.js';
import { ScaledClock } from '../../replay/scaled-clock.js';
import type { ReplayTargetFactory } from '../../replay/target.js';

/** Options of {@link sandboxTarget}. */
export interface SandboxTargetOptions {
  /** The bot's loaded configuration (global settings; the replayed channel's config is set by the replay). */
  loaded: LoadedConfig;
  /** Encoder the app loads. Default: the config's. */
  encoder?: EncoderConfig;
  /** Playback speed, > 0 (1 = real time). */
  speed: number;
  /** Port of the sandbox web page. Default: the config's `sandbox.port`. */
  port?: number;
  /** Called once the sandbox is up, with the address of its web page. */
  onReady?: (url: string) => void;
}

/**
 * Plays the recorded chat into the local sandbox at `speed`: the real app in local mode (the same
 * start-up as `npm start` without credentials: twurple clients, Helix mock, the live modules)
 * receives each message from its recorded viewer, so it can be watched on the sandbox page.
 * Time is the recorded time played at `speed` ({@link ScaledClock}: each message is handled at its
 * recorded time); moderation stays dry-run.
 */
export function sandboxTarget(o: SandboxTargetOptions): ReplayTargetFactory {
  return async ({ channel, config, start, log }) => {
    const clock = new ScaledClock(start, o.speed);
    const env = localModeEnv({ sandboxPort: o.port });
    let modules: readonly BotModule[] = [];
    const app = await startApp({
      env,
      config: {
        ...o.loaded,
        global: { ...o.loaded.global, encoder: o.encoder ?? o.loaded.global.encoder },
        channels: [channel],
        channelConfigs: new Map([[channel, config]]),
        defaultChannel: config,
      },
      log,
      clock,
      modules: (services) => {
        const m = createModules(services);
        modules = m;
        return m;
      },
      sandbox: { channels: [channel], backgroundChat: false, clock },
    });
    await app.runtime.waitUntilJoined(30_000);
    o.onReady?.(app.sandbox!.url);
    const sandbox = app.sandbox!;
    return {
      bot: app.bot,
      modules,
      encoder: app.encoder,
      actions: undefined,
      advanceTo: (t) => clock.sync(t),
      feed: (message, onId) => {
        const u = message.user;
        const login = LOGIN_PATTERN.test(u.login) ? u.login : loginFrom(u.login) || `viewer_${u.id.replace(/\W/g, '').slice(0, 12)}`;
        const roles = [...u.roles].filter((r) => r !== 'broadcaster' || login === channel);
        let id = '';
        // The bot handles the message at its recorded time, however long that takes.
        clock.pause();
        return new Promise<string>((resolve, reject) => {
          const off = app.runtime.onHandled((ctx: ChatContext) => {
            if (ctx.message.id === id) {
              off();
              clock.resume();
              resolve(id);
            }
          });
          try {
            id = sandbox.sendAs({
              channel,
              login,
              userId: u.id,
              displayName: u.displayName,
              roles,
              text: message.text,
              firstMessage: u.firstMessage,
              bypassChatRules: true,
            });
            onId(id);
          } catch (err) {
            off();
            clock.resume();
            reject(err);
          }
        });
      },
      close: () => app.close(),
    };
  };
}
