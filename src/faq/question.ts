/**
 * Words that make a message a question or a request, French and English, as canonical tokens
 * (see canonical.ts: "koi" is already "quoi", "pls" is already "svp").
 */
export const QUESTION_WORDS: ReadonlySet<string> = new Set([
  // French
  'quoi',
  'comment',
  'quand',
  'pourquoi',
  'qui',
  'quel',
  'lequel',
  'laquelle',
  'lesquels',
  'combien',
  'ou',
  'svp',
  // English
  'what',
  'when',
  'where',
  'why',
  'who',
  'whom',
  'whose',
  'how',
  'which',
]);

/** Subject pronouns after which "quand" / "when" inside a sentence opens a clause. */
const SUBJECTS: ReadonlySet<string> = new Set(['tu', 'on', 'il', 'elle', 'je', 'j', 'vous', 'ils', 'elles', 'you', 'i', 'we', 'he', 'she', 'they', 'it']);

/** English auxiliaries that make a question when they open the message ("do u have insta"). */
export const QUESTION_OPENERS: ReadonlySet<string> = new Set(['is', 'are', 'do', 'does', 'did', 'can', 'could', 'will', 'would', 'any', 'have', 'has', 'got']);

/**
 * True when a chat message reads as a question or a request: a `?`, an interrogative word
 * anywhere (quoi, comment, quand, où, pourquoi, qui, quel, what, when, how, which...), `svp`/`pls`,
 * an English auxiliary first (is, are, do, can...), or a French "est-ce que" form.
 * @param tokens canonical tokens of the message (see `canonicalTokens`)
 */
export function isQuestionLike(text: string, tokens: readonly string[]): boolean {
  if (text.includes('?') || text.includes('？') || text.includes('¿')) return true;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (!QUESTION_WORDS.has(t)) continue;
    // "qd tu parles de ça, ..." / "lol when you said that": a conjunction, not a question
    if (i > 0 && (t === 'quand' || t === 'when') && SUBJECTS.has(tokens[i + 1] ?? '')) continue;
    return true;
  }
  if (tokens.length > 0 && QUESTION_OPENERS.has(tokens[0]!)) return true;
  // "est-ce que", "est ce qu'il"
  for (let i = 0; i + 2 < tokens.length; i++) {
    if (tokens[i] === 'est' && tokens[i + 1] === 'ce' && (tokens[i + 2] === 'que' || tokens[i + 2] === 'qu')) return true;
  }
  return false;
}

/** Words that make "quel(le) <thing> ..." without a question mark an exclamation ("quel son de ouf"). */
const FR_INTENSIFIERS: ReadonlySet<string> = new Set([
  'ouf',
  'fou',
  'folle',
  'malade',
  'dingue',
  'incroyable',
  'magnifique',
  'enorme',
  'trop',
  'belle',
  'beau',
  'bon',
  'bonne',
  'masterclass',
  'banger',
  'pepite',
  'zinzin',
  'chef',
  'oeuvre',
  'mdr',
  'wow',
]);

/**
 * True when a message is an exclamation shaped like a question word ("what a tune lol", "quelle
 * musique de ouf", "quel jeu !"): never a question for the FAQ. A `?` makes it a question again.
 * @param tokens canonical tokens of the message (see `canonicalTokens`)
 */
export function isExclamation(text: string, tokens: readonly string[]): boolean {
  if (text.includes('?') || text.includes('？') || text.includes('¿')) return false;
  for (let i = 0; i + 1 < tokens.length; i++) {
    if ((tokens[i] === 'what' || tokens[i] === 'such') && (tokens[i + 1] === 'a' || tokens[i + 1] === 'an')) return true;
  }
  if (tokens[0] === 'quel' || tokens[0] === 'wow') {
    return text.includes('!') || tokens.some((t) => FR_INTENSIFIERS.has(t));
  }
  return false;
}
