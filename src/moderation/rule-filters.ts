import type { ModerationConfig } from './config.js';
import { domainAllowed, type TextFeatures } from './text-features.js';

/** Names of the rule filters, in the order they are checked. */
export const RULE_FILTERS = ['links', 'zalgo', 'length', 'repeatedChars', 'emotes', 'caps', 'symbols'] as const;
export type RuleFilterName = (typeof RULE_FILTERS)[number];

/** A rule filter that matched. */
export interface RuleHit {
  filter: RuleFilterName;
  /** The measured value (ratio, count, length...). */
  score: number;
  /** Short English description for logs and Twitch reasons. */
  detail: string;
  /** For `links`: the first domain that is not allowed. */
  domain?: string;
}

/**
 * Checks the rule filters (Nightbot/StreamElements style) on a message's features; returns the
 * first that matches. `skip(name)` tells which filters are off for this user (disabled or exempt);
 * `permitted()` says whether the author holds a `!permit` (links only).
 */
export function checkRules(f: TextFeatures, cfg: ModerationConfig, skip: (name: RuleFilterName) => boolean, permitted: () => boolean): RuleHit | undefined {
  for (const name of RULE_FILTERS) {
    if (skip(name)) continue;
    const hit = check(name, f, cfg, permitted);
    if (hit) return hit;
  }
  return undefined;
}

function check(name: RuleFilterName, f: TextFeatures, cfg: ModerationConfig, permitted: () => boolean): RuleHit | undefined {
  switch (name) {
    case 'links': {
      const bad = f.domains.find((d) => !domainAllowed(d, cfg.links.allowDomains));
      if (bad === undefined || permitted()) return undefined;
      return { filter: 'links', score: f.domains.length, detail: `link to ${bad}`, domain: bad };
    }
    case 'zalgo':
      return f.zalgoMarks > cfg.zalgo.maxMarks ? { filter: 'zalgo', score: f.zalgoMarks, detail: `${f.zalgoMarks} stacked combining marks` } : undefined;
    case 'length':
      return f.length > cfg.length.maxChars ? { filter: 'length', score: f.length, detail: `${f.length} characters` } : undefined;
    case 'repeatedChars':
      return f.longestRun > cfg.repeatedChars.maxRun
        ? { filter: 'repeatedChars', score: f.longestRun, detail: `one character repeated ${f.longestRun} times` }
        : undefined;
    case 'emotes':
      return f.emoteCount > cfg.emotes.maxCount ? { filter: 'emotes', score: f.emoteCount, detail: `${f.emoteCount} emotes` } : undefined;
    case 'caps':
      return f.letters >= cfg.caps.minLetters && f.capsRatio >= cfg.caps.maxRatio
        ? { filter: 'caps', score: f.capsRatio, detail: `${Math.round(f.capsRatio * 100)}% capitals` }
        : undefined;
    case 'symbols':
      return f.visibleChars >= cfg.symbols.minChars && f.symbolRatio >= cfg.symbols.maxRatio
        ? { filter: 'symbols', score: f.symbolRatio, detail: `${Math.round(f.symbolRatio * 100)}% symbols` }
        : undefined;
  }
}
