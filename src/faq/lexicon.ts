import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { normalizeText } from '../nlp/normalize.js';

/** What the lexicon makes of a message's canonical tokens. */
export interface LexiconReading {
  /** Tokens with every topic word or phrase replaced by its topic id ("zik" -> "music"). */
  tokens: string[];
  /** Topic ids found. */
  topics: Set<string>;
  /** Aspect ids found ("price", "opinion"...): see viewer-lexicon.yaml. */
  aspects: Set<string>;
}

interface Phrase {
  words: string[];
  id: string;
  kind: 'topic' | 'aspect';
}

/** Lowercase, accentless, and a trailing "s" dropped from words of 4+ letters. */
function fold(word: string): string {
  return word.length >= 4 && word.endsWith('s') && !word.endsWith('ss') ? word.slice(0, -1) : word;
}

/**
 * The shipped lexicon of what Twitch viewers ask about (src/faq/viewer-lexicon.yaml): relates
 * words across spellings and languages (topics) and names the other aspects of a thing that an
 * entry does not answer (aspects).
 */
export class Lexicon {
  private readonly single = new Map<string, { id: string; kind: 'topic' | 'aspect' }>();
  /** Phrases by first word, longest first. */
  private readonly phrases = new Map<string, Phrase[]>();
  readonly topicIds: ReadonlySet<string>;

  constructor(data: { topics?: Record<string, string[]>; aspects?: Record<string, string[]> }) {
    const topicIds = new Set<string>();
    const add = (kind: 'topic' | 'aspect', id: string, raw: string) => {
      const words = normalizeText(String(raw))
        .split(/[^\p{L}\p{N}]+/u)
        .filter(Boolean)
        .map(fold);
      if (words.length === 0) return;
      if (words.length === 1) {
        // The first definition of a word wins (a word belongs to one topic)
        if (!this.single.has(words[0]!)) this.single.set(words[0]!, { id, kind });
        return;
      }
      const list = this.phrases.get(words[0]!) ?? [];
      list.push({ words, id, kind });
      list.sort((a, b) => b.words.length - a.words.length);
      this.phrases.set(words[0]!, list);
    };
    for (const [id, words] of Object.entries(data.topics ?? {})) {
      topicIds.add(id);
      for (const w of words ?? []) add('topic', id, w);
    }
    for (const [id, words] of Object.entries(data.aspects ?? {})) for (const w of words ?? []) add('aspect', id, w);
    this.topicIds = topicIds;
  }

  /** Reads canonical tokens (see canonical.ts): topic words become topic ids, aspects are collected. */
  read(tokens: readonly string[]): LexiconReading {
    const out: string[] = [];
    const topics = new Set<string>();
    const aspects = new Set<string>();
    for (let i = 0; i < tokens.length;) {
      const w = fold(tokens[i]!);
      const phrase = this.phrases.get(w)?.find((p) => p.words.every((x, k) => fold(tokens[i + k] ?? '') === x));
      if (phrase) {
        if (phrase.kind === 'topic') {
          topics.add(phrase.id);
          out.push(phrase.id);
        } else {
          aspects.add(phrase.id);
          out.push(...tokens.slice(i, i + phrase.words.length));
        }
        i += phrase.words.length;
        continue;
      }
      const hit = this.single.get(w);
      if (hit?.kind === 'topic') {
        topics.add(hit.id);
        out.push(hit.id);
      } else {
        if (hit) aspects.add(hit.id);
        out.push(tokens[i]!);
      }
      i++;
    }
    return { tokens: out, topics, aspects };
  }
}

/** Finds a file shipped in src/faq from the compiled or source module folder. */
function shippedFile(name: string): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    for (const candidate of [join(dir, name), join(dir, 'src', 'faq', name)]) if (existsSync(candidate)) return candidate;
    dir = dirname(dir);
  }
  throw new Error(`FAQ lexicon ${name} not found above ${fileURLToPath(import.meta.url)}: src/faq/${name} must ship with the app.`);
}

let shipped: Lexicon | undefined;

/** The shipped lexicon (src/faq/viewer-lexicon.yaml), loaded once. */
export function viewerLexicon(): Lexicon {
  if (!shipped) shipped = new Lexicon(parse(readFileSync(shippedFile('viewer-lexicon.yaml'), 'utf8')) as ConstructorParameters<typeof Lexicon>[0]);
  return shipped;
}

/** A lexicon that knows nothing (matching on spellings only). */
export const EMPTY_LEXICON = new Lexicon({});
