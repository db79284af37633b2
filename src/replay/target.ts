import { Bot } from '../bot/bot.js';
import { ManualClock } from '../chat/clock.js';
import type { Logger } from '../chat/logger.js';
import type { ChatMessage } from '../chat/message.js';
import type { BotModule, ModuleServices } from '../bot/module.js';
import { RecordingActions } from '../chat/recording-actions.js';
import type { ChannelConfig } from '../chat/channel-config.js';
import type { SharedEncoder } from '../nlp/shared-encoder.js';
import { ChatterRegistry } from '../store/chatters.js';
import { Store } from '../store/store.js';

/** Where a replay sends its messages: the bot pipeline, in this process or behind the sandbox. */
export interface ReplayTarget {
  readonly bot: Bot;
  readonly modules: readonly BotModule[];
  /** The encoder the pipeline uses (prefetch warms its cache; its id goes in the summary). */
  readonly encoder: SharedEncoder;
  /** What the pipeline asked Twitch to do, when it acts through a recorder. */
  readonly actions: RecordingActions | undefined;
  /** Moves simulated time to `t` (running due timers), or re-aligns a clock that runs by itself on `t`. */
  advanceTo(t: number): void;
  /**
   * Hands one message to the pipeline and resolves once it is handled, with the id it got. When
   * the id differs from `message.id`, `onId` hears it before the pipeline sees the message.
   */
  feed(message: ChatMessage, onId: (id: string) => void): Promise<string>;
  close(): Promise<void>;
}

/** What a target needs to know about the replay. */
export interface TargetContext {
  channel: string;
  /** The channel config, moderation already forced to dry-run. */
  config: ChannelConfig;
  /** Time of the first message (ms). */
  start: number;
  log: Logger;
}

/** Builds the pipeline of a replay. */
export type ReplayTargetFactory = (ctx: TargetContext) => Promise<ReplayTarget>;

/** Options of {@link inProcessTarget}. */
export interface InProcessTargetOptions {
  encoder: SharedEncoder;
  /** The live bot's module factory. */
  createModules: (services: ModuleServices) => readonly BotModule[] | Promise<readonly BotModule[]>;
  /** SQLite store of the run. Default `:memory:` (a replay never touches the bot's data). */
  storePath?: string;
  /** The bot's own login (its recorded messages are ignored). Default none. */
  botLogin?: string;
  /** Chatter registry warm-up, as the live bot's `chatters.warmupMinutes`. Default 60 minutes. */
  chattersWarmupMs?: number;
}

/**
 * The default target: the live bot's `Bot` and modules in this process, on a `ManualClock`
 * advanced to each message's time, acting through a `RecordingActions` (nothing leaves the process).
 */
export function inProcessTarget(o: InProcessTargetOptions): ReplayTargetFactory {
  return async ({ channel, config, start, log }) => {
    const clock = new ManualClock(start);
    const store = Store.open({ path: o.storePath ?? ':memory:' });
    const services: ModuleServices = { encoder: o.encoder, store, clock, log };
    const modules = await o.createModules(services);
    const bot = new Bot({
      channels: new Map([[channel, config]]),
      defaultConfig: config,
      modules,
      encoder: o.encoder,
      clock,
      log,
      ...(o.botLogin ? { botLogin: o.botLogin } : {}),
      chatters: new ChatterRegistry(store),
      ...(o.chattersWarmupMs !== undefined ? { chattersWarmupMs: o.chattersWarmupMs } : {}),
    });
    const actions = new RecordingActions();
    return {
      bot,
      modules,
      encoder: o.encoder,
      actions,
      advanceTo: (t) => clock.advanceTo(t),
      feed: async (message) => {
        await bot.handle(message, actions);
        return message.id;
      },
      close: async () => {
        await bot.close();
        store.close();
      },
    };
  };
}
