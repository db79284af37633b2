import type { ChannelActions } from '../chat/actions.js';
import type { Bot } from '../bot/bot.js';
import type { Clock } from '../chat/clock.js';
import type { ChatContext } from '../chat/context.js';
import type { HealthReport } from '../bot/health.js';
import type { Logger } from '../chat/logger.js';
import type { ChannelConfig } from '../chat/channel-config.js';
import type { FaqService } from '../faq/service.js';
import type { Moderator } from '../moderation/moderator.js';
import type { SharedEncoder } from '../nlp/shared-encoder.js';
import type { ChannelSettingsStore } from '../store/channel-settings.js';
import type { Store } from '../store/store.js';
import type { TopicsModule } from '../topics/module.js';
import type { CustomCommandsModule } from '../custom-commands/module.js';
import type { QuotesModule } from '../quotes/module.js';
import type { TimersModule } from '../timers/module.js';

/** What the running bot gives the dashboard (assembled by the app). */
export interface DashboardServices {
  bot: Bot;
  store: Store;
  encoder: SharedEncoder;
  clock: Clock;
  log: Logger;
  /** Channels the bot serves. */
  channels: readonly string[];
  /** Each channel's config from the YAML files; run-time settings are stored over it. */
  baseConfigs: ReadonlyMap<string, ChannelConfig>;
  settings: ChannelSettingsStore;
  /** Feature engines, when their module runs. */
  moderator: Moderator | undefined;
  faq: FaqService | undefined;
  topics: TopicsModule | undefined;
  /** Custom commands, timers and quotes, when their modules run (their pages show then). */
  customCommands?: CustomCommandsModule | undefined;
  timers?: TimersModule | undefined;
  quotes?: QuotesModule | undefined;
  /** Login of a chatter by user id, when the bot has seen them (FAQ "added by"). */
  loginOf(channel: string, userId: string): string | undefined;
  /** The bot's actions in a joined channel (Helix moderation, chat). */
  actionsFor(channel: string): ChannelActions | undefined;
  /** The bot's health (the same report as the health server's `/healthz`). */
  health: () => HealthReport;
  /** Every message after the pipeline; returns the unsubscribe function. */
  onHandled(fn: (ctx: ChatContext) => void): () => void;
}
