import { existsSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { ConfigError } from '../config/errors.js';
import type { FaqConfig } from './config.js';
import { loadFaqFile } from './file.js';

/** What {@link checkFaqSeedFiles} found that is worth a warning (not an error). */
export interface SeedFileWarning {
  channel: string;
  file: string;
  message: string;
}

/**
 * Reads the `faq.seedFile` of every channel where the FAQ is enabled, at start-up: a malformed
 * file stops the bot with one {@link ConfigError} naming the channel, the file and the fix
 * (instead of an error logged the first time someone asks a question). A missing file is only a
 * warning: an already seeded channel no longer needs it. Each distinct file is read once.
 */
export function checkFaqSeedFiles(channels: ReadonlyMap<string, { faq: FaqConfig }>, baseDir: string = process.cwd()): SeedFileWarning[] {
  const problems: string[] = [];
  const warnings: SeedFileWarning[] = [];
  const checked = new Map<string, string | undefined>();
  for (const [channel, config] of channels) {
    if (!config.faq.enabled) continue;
    const file = isAbsolute(config.faq.seedFile) ? config.faq.seedFile : resolve(baseDir, config.faq.seedFile);
    if (!existsSync(file)) {
      warnings.push({
        channel,
        file,
        message: `faq.seedFile of #${channel} not found (${file}): an unseeded channel starts with no FAQ. Fix: create the file or correct faq.seedFile in config/channels/${channel}.yaml.`,
      });
      continue;
    }
    if (!checked.has(file)) {
      try {
        loadFaqFile(file);
        checked.set(file, undefined);
      } catch (err) {
        checked.set(file, (err as Error).message);
      }
    }
    const problem = checked.get(file);
    if (problem !== undefined) problems.push(`#${channel} (faq.seedFile): ${problem}`);
  }
  if (problems.length) throw new ConfigError(`The FAQ seed file of a channel is invalid:\n${problems.join('\n')}`);
  return warnings;
}
