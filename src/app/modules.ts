import type { BotModule, ModuleServices } from '../bot/module.js';
import { createFaqModule } from '../faq/module.js';
import { createModerationModule } from '../moderation/module.js';
import { createTopicsModule } from '../topics/module.js';

/**
 * The feature modules of the bot, in stage order: moderation first (it runs before commands and
 * can withhold a message from everything after it), then topics (ingest) and FAQ (answers) as
 * passive stages. Used by `npm start` and the replay.
 */
export function createModules(services: ModuleServices): BotModule[] {
  return [createModerationModule(services), createTopicsModule(services), createFaqModule(services)];
}
