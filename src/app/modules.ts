import type { BotModule, ModuleServices } from '../bot/module.js';
import { createCustomCommandsModule } from '../custom-commands/module.js';
import { createFaqModule } from '../faq/module.js';
import { createModerationModule } from '../moderation/module.js';
import { createQuotesModule } from '../quotes/module.js';
import { createTimersModule } from '../timers/module.js';
import type { TopicProbe } from '../timers/scheduler.js';
import { createTopicsModule, type TopicsModule } from '../topics/module.js';

/**
 * The feature modules of the bot, in stage order: moderation first (it runs before commands and
 * can withhold a message from everything after it), then topics (ingest) and FAQ (answers) as
 * passive stages. Used by `npm start` and the replay.
 */
export function createModules(services: ModuleServices): BotModule[] {
  const topics = createTopicsModule(services);
  return [
    createModerationModule(services),
    createCustomCommandsModule(services),
    createTimersModule(services, { topics: topicProbe(topics) }),
    createQuotesModule(services),
    topics,
    createFaqModule(services),
  ];
}

/**
 * Whether chat is on a subject, from the topics module: the vector's nearest live cluster, when it
 * is one of the channel's current `!topic` topics and close enough.
 */
export function topicProbe(topics: TopicsModule): TopicProbe {
  return {
    discussing(channel, vector, now, minSimilarity) {
      const tracker = topics.tracker(channel);
      const near = tracker?.clusterer.nearest(vector);
      if (!tracker || !near || near.similarity < minSimilarity) return undefined;
      const current = tracker.topics(now).find((t) => t.id === near.id);
      return current ? current.keywords : undefined;
    },
  };
}
