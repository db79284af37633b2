import type { BotModule, ModuleServices } from './module.js';
import { createFaqModule } from '../faq/module.js';
import { createModerationModule } from '../moderation/module.js';

/**
 * The feature modules of the bot, in stage order (moderation first: it runs before commands and
 * can withhold a message from everything after it). Used by `npm start` and the replay.
 */
export function createModules(services: ModuleServices): BotModule[] {
  const modules: BotModule[] = [];
  modules.push(createModerationModule(services));
  // TODO(lead): wire createTopicsModule (src/topics/module.ts) here, between moderation and FAQ,
  // once that file exists.
  modules.push(createFaqModule(services));
  return modules;
}
