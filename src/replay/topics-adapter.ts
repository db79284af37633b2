import type { BotModule } from '../bot/module.js';
import type { ChannelConfig } from '../chat/channel-config.js';
import { isTopicsModule } from '../topics/module.js';
import type { TopicSource } from './topic-source.js';

/**
 * The topic source of a replay: the pipeline's own topics module (the state `!topic` answers
 * from), so snapshots are exactly what `!topic` would have said. Undefined when the topics module
 * is not among the modules.
 */
export function findTopicSource(modules: readonly BotModule[], config?: ChannelConfig): TopicSource | undefined {
  const topics = modules.find(isTopicsModule);
  if (!topics) return undefined;
  return {
    horizonMinutes: config?.topics.horizonMinutes ?? 10,
    snapshot(channel, now) {
      const snap = topics.snapshot(channel, { now });
      if (!snap) return undefined;
      return {
        text: snap.text,
        clusters: snap.clusters.map((c) => ({
          id: c.id,
          keywords: c.keywords,
          size: c.size,
          weight: c.weight,
          type: c.type,
          representative: c.representative ? { messageId: c.representative.messageId, text: c.representative.text } : { text: '' },
        })),
      };
    },
  };
}
