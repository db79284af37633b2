import { codePointLength, truncateText } from '../chat/graphemes.js';
import { isReactionWord } from '../nlp/topics/features.js';
import type { Topic } from '../nlp/topics/topic-tracker.js';

/** Options of {@link formatTopicAnswer}. */
export interface TopicAnswerOptions {
  /** Window the topics cover, in minutes (shown in the answer). */
  minutes: number;
  /** Language of the bot's words. Default `fr`. */
  language?: 'fr' | 'en';
  /** Longest answer in code points (Twitch's limit). Default 500. */
  maxLength?: number;
  /** Fewest topics kept when the answer must be shortened. Default 3. */
  minTopics?: number;
  /** Longest quoted representative before any shortening, in code points. Default 110. */
  maxQuoteLength?: number;
  /** Shortest useful quote; shorter than that, the quote is dropped. Default 24. */
  minQuoteLength?: number;
  /** Most topics shown (all `Votes` topics count as one: `votes: D 340 · B 156`). Default 5. */
  maxTopics?: number;
  /**
   * Most topics of the Greetings and Thanks types, and of the Emotes and Reactions types unless
   * quoted with a keyword that names something (`Bravo · lesbiennes « ... »`): laughs, chants,
   * hellos. The heaviest are shown; lighter ones only when no other topic is left. Default 2.
   */
  maxReactionTopics?: number;
}

interface Item {
  label: string;
  count: number | null;
  quote: string | null;
  /** Chat's mood rather than a subject (see `maxReactionTopics`). */
  reaction: boolean;
}

/** Greetings and thanks; laughs, chants and emotes unless quoted with a keyword that names something. */
function isReaction(t: Topic, quote: string): boolean {
  if (t.type === 'Greetings' || t.type === 'Thanks') return true;
  if (t.type !== 'Emotes' && t.type !== 'Reactions') return false;
  return !quote || t.keywords.every((k) => isReactionWord(k));
}

/** The first `max` items, with at most `maxReactions` reaction items unless nothing else is left; order kept. */
function pick(items: readonly Item[], max: number, maxReactions: number): Item[] {
  const chosen = new Set<Item>();
  let reactions = 0;
  for (const it of items) {
    if (chosen.size >= max) break;
    if (it.reaction && reactions >= maxReactions) continue;
    if (it.reaction) reactions++;
    chosen.add(it);
  }
  for (const it of items) if (chosen.size < max) chosen.add(it);
  return items.filter((it) => chosen.has(it));
}

const QUOTES = { fr: ['« ', ' »'], en: ['“', '”'] } as const;

/** Makes a chat message quotable: no control characters, no pings, no raw links, one line. */
export function cleanQuote(text: string): string {
  return (
    text
      // eslint-disable-next-line no-control-regex
      .replace(/[\u0000-\u001f\u007f-\u009f\u200b\u200c\u200e\u200f\u202a-\u202e\u2060-\u2064\ufeff]/gu, ' ')
      // a joiner outside an emoji sequence is an invisible
      .replace(/(?<!\p{Extended_Pictographic}\p{Emoji_Modifier}?\ufe0f?)\u200d|\u200d(?!\p{Extended_Pictographic})/gu, '')
      .replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/gu, '')
      .replace(/\p{M}{3,}/gu, '')
      .replace(/https?:\/\/(?:www\.)?([^\s/?#]+)\S*/giu, '$1')
      .replace(/(^|\s)@(\w)/gu, '$1$2')
      .replace(/[«»“”]/gu, '"')
      .replace(/\s+/gu, ' ')
      .trim()
  );
}

/** The polite answer when no topic stands out. */
export function quietAnswer(minutes: number, language: 'fr' | 'en' = 'fr'): string {
  return language === 'fr'
    ? `Chat (${minutes} min): c'est calme par ici, aucun sujet ne se dégage pour l'instant. Réessayez un peu plus tard !`
    : `Chat (${minutes} min): it's quiet in here, no topic stands out yet. Try again a bit later!`;
}

/**
 * The `!topic` answer: `Chat (10 min): 1) nucléaire · énergie (32) « la fusion… » 2) +1 (17) ...`,
 * at most `maxLength` code points, with few reaction topics (see `maxReactionTopics`). To fit,
 * quotes are shortened evenly (on grapheme and, when possible, word boundaries), then dropped
 * from the last topic up to the second, then topics
 * beyond `minTopics` are dropped, then the first quote, then extra keywords. No topic gives
 * {@link quietAnswer}.
 */
export function formatTopicAnswer(topics: readonly Topic[], options: TopicAnswerOptions): string {
  const language = options.language ?? 'fr';
  const max = options.maxLength ?? 500;
  const minTopics = Math.max(1, options.minTopics ?? 3);
  const maxQuote = options.maxQuoteLength ?? 110;
  const minQuote = options.minQuoteLength ?? 24;
  if (topics.length === 0) return truncateText(quietAnswer(options.minutes, language), max);

  const header = `Chat (${options.minutes} min):`;
  const [open, close] = QUOTES[language];
  let items: Item[] = [];
  let votes: Item | undefined;
  const answers = new Map<string, number>();
  for (const t of topics) {
    if (t.type === 'Votes') {
      // Poll answers (A, B, C...) are one topic with the count of each answer
      let answer = cleanQuote(t.keywords[0] ?? '?');
      if ([...answer].length === 1) answer = answer.toUpperCase();
      answers.set(answer, (answers.get(answer) ?? 0) + t.count);
      if (!votes) items.push((votes = { label: '', count: null, quote: null, reaction: false }));
      const list = [...answers].sort((a, b) => b[1] - a[1]).map(([a, n]) => `${a} ${n}`);
      votes.label = `votes ${list.join(' · ')}`;
      continue;
    }
    const quote = t.informative && t.representative ? cleanQuote(t.representative.text) : '';
    const label =
      t.keywords
        .map((k) => cleanQuote(k))
        .filter(Boolean)
        .join(' · ') || '…';
    // Two clusters with the same label read as one topic
    const same = items.find((it) => it.count !== null && it.label.toLowerCase() === label.toLowerCase());
    if (same) {
      same.count = (same.count ?? 0) + t.count;
      same.quote ??= quote ? truncateText(quote, maxQuote) : null;
      continue;
    }
    items.push({
      label,
      count: t.count,
      quote: quote ? truncateText(quote, maxQuote) : null,
      reaction: isReaction(t, quote),
    });
  }
  items = pick(items, Math.max(1, options.maxTopics ?? 5), Math.max(0, options.maxReactionTopics ?? 2));
  const render = (list: readonly Item[], cap: number): string =>
    header +
    list
      .map((it, i) => ` ${i + 1}) ${it.label}${it.count !== null ? ` (${it.count})` : ''}` + (it.quote ? ` ${open}${truncateText(it.quote, cap)}${close}` : ''))
      .join('');
  const fits = (s: string) => codePointLength(s) <= max;

  for (;;) {
    // Largest common quote length that fits (binary search)
    if (fits(render(items, maxQuote))) return render(items, maxQuote);
    if (items.some((it) => it.quote)) {
      let lo = minQuote;
      let hi = maxQuote;
      if (fits(render(items, lo))) {
        while (lo < hi) {
          const mid = Math.ceil((lo + hi) / 2);
          if (fits(render(items, mid))) lo = mid;
          else hi = mid - 1;
        }
        return render(items, lo);
      }
      // Drop the quote of the lowest-ranked topic that still has one; the first topic keeps its
      // quote longer than the topics beyond `minTopics` are kept
      const last = items.map((it) => it.quote !== null).lastIndexOf(true);
      if (last > 0 || items.length <= minTopics) {
        items = items.map((it, i) => (i === last ? { ...it, quote: null } : it));
        continue;
      }
    }
    if (items.length > minTopics) {
      items = items.slice(0, -1);
      continue;
    }
    if (items.some((it) => it.label.includes(' · '))) {
      items = items.map((it) => ({ ...it, label: it.label.split(' · ')[0]! }));
      continue;
    }
    if (items.length > 1) {
      items = items.slice(0, -1);
      continue;
    }
    return truncateText(render(items, minQuote), max);
  }
}
