import type { Clock } from './clock.js';
import type { Logger } from './logger.js';
import type { Middleware } from './middleware.js';
import type { Command } from '../commands/command.js';
import type { SharedEncoder } from '../nlp/shared-encoder.js';
import type { Store } from '../store/store.js';

/** Shared services handed to every module when the bot starts. */
export interface ModuleServices {
  /** The one shared sentence encoder. */
  encoder: SharedEncoder;
  store: Store;
  clock: Clock;
  log: Logger;
}

/**
 * A feature of the bot (moderation, FAQ, topics...). One instance serves every channel, keeping
 * per-channel state keyed by channel name and reading per-channel settings from
 * `ctx.channel.config`. Stages run in this order for each message:
 * ignore self/bots -> encode -> every module's `moderation` -> command router -> every `passive`.
 */
export interface BotModule {
  readonly name: string;
  /** Runs before commands. A stage that acts on the message does not call `next`. */
  readonly moderation?: Middleware;
  /** Runs after the command router (FAQ answers, topic ingest). */
  readonly passive?: Middleware;
  readonly commands?: readonly Command[];
  /** Releases timers and resources. */
  close?(): Promise<void> | void;
}
