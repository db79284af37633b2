import type { BotModule, ModuleServices } from '../bot/module.js';
import { createModerationCommands } from './commands/index.js';
import { onModerationChannelEvent } from './channel-events.js';
import { ModerationStore } from './moderation-store.js';
import { Moderator } from './moderator.js';

/** Options of {@link createModerationModule}. */
export interface ModerationModuleOptions {
  /** Receives the engine once built (eval scripts and tests inspect windows through it). Default none. */
  onEngine?: (moderator: Moderator) => void;
}

/**
 * Semantic auto-moderation: repeats, floods/raids (with the optional shield), the semantic
 * blocklist, rule filters, escalation with decay, dry-run, moderation log and mod commands
 * (`!spam`, `!strikes`, `!why`, `!modmode`, `!permit`, `!nuke`, `!unnuke`).
 */
export function createModerationModule(services: ModuleServices, options: ModerationModuleOptions = {}): BotModule {
  const store = new ModerationStore(services.store);
  const moderator = new Moderator(services, store);
  options.onEngine?.(moderator);
  return {
    name: 'moderation',
    moderation: (ctx, next) => moderator.handle(ctx, next),
    onChannelEvent: (event, scope) => onModerationChannelEvent(moderator, event, scope),
    commands: createModerationCommands(moderator, services.encoder),
    close: () => moderator.close(),
  };
}
