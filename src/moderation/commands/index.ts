import type { Command } from '../../commands/command.js';
import type { SharedEncoder } from '../../nlp/shared-encoder.js';
import type { Moderator } from '../moderator.js';
import { createModmodeCommand } from './modmode.js';
import { createNukeCommands } from './nuke.js';
import { createPermitCommand } from './permit.js';
import { createSpamCommand } from './spam.js';
import { createStrikesCommand } from './strikes.js';
import { createWhyCommand } from './why.js';

/** The moderation module's commands (all moderator-only). */
export function createModerationCommands(moderator: Moderator, encoder: SharedEncoder): Command[] {
  return [
    createSpamCommand(moderator),
    createStrikesCommand(moderator),
    createWhyCommand(moderator),
    createModmodeCommand(moderator),
    createPermitCommand(moderator),
    ...createNukeCommands(moderator, encoder),
  ];
}
