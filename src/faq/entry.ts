/** Limits of FAQ entries, shared by the YAML file, the store and the chat commands. */
export const FAQ_LIMITS = {
  /** Entries per channel. */
  entries: 100,
  /** Example questions per entry. */
  examples: 50,
  /** Characters of one example question. */
  exampleLength: 200,
  /** Characters of an answer (replies are cut at 500 by Twitch anyway). */
  answerLength: 450,
} as const;

/** Ids are lowercase letters, digits, `-` and `_`, 1-32 characters. */
export const FAQ_ID_PATTERN = /^[a-z0-9][a-z0-9_-]{0,31}$/;

/** Words of `!faq <word>` that are subcommands, so they cannot be entry ids. */
export const RESERVED_FAQ_IDS: ReadonlySet<string> = new Set(['add', 'ask', 'del', 'delete', 'edit', 'unask', 'test', 'list', 'help']);

/** One FAQ entry: an answer and the questions that should get it. */
export interface FaqEntry {
  id: string;
  answer: string;
  /** Example questions, in any language. */
  examples: string[];
  /** Minimum score for an auto-answer; default: the channel's `faq.threshold`. */
  threshold?: number;
  /** Seconds between two auto-answers of this entry; default: `faq.entryCooldownSeconds`. */
  cooldownSeconds?: number;
}

/** Why an id is not acceptable, or null when it is. */
export function faqIdProblem(id: string): string | null {
  if (!FAQ_ID_PATTERN.test(id)) return 'use 1-32 lowercase letters, digits, "-" or "_", starting with a letter or digit';
  if (RESERVED_FAQ_IDS.has(id)) return `"${id}" is a subcommand of !faq`;
  return null;
}
