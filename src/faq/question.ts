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
  for (const t of tokens) if (QUESTION_WORDS.has(t)) return true;
  if (tokens.length > 0 && QUESTION_OPENERS.has(tokens[0]!)) return true;
  // "est-ce que", "est ce qu'il"
  for (let i = 0; i + 2 < tokens.length; i++) {
    if (tokens[i] === 'est' && tokens[i + 1] === 'ce' && (tokens[i + 2] === 'que' || tokens[i + 2] === 'qu')) return true;
  }
  return false;
}
