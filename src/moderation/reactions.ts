/**
 * Chat culture that is never spam by default: short reactions (`+1`, `gg`, `LUL`, `mdr`), votes
 * (`A`, `B`), greetings (`bonsoir à tous`, `hello chat`) and thanks. Words are compared after
 * normalisation (lowercase, accents folded).
 */

/** Reaction, greeting and filler words (FR + EN), normalised. */
export const REACTION_WORDS: ReadonlySet<string> = new Set(
  `
  +1 -1 +2 +10 +100 1 2 3 a b c d e f gg ggwp wp gj ez rip f o7
  lol lul mdr mdrr mdrrr ptdr xd xptdr jpp kek kekw omg wow waw ouah oh ah ahah ahahah haha hahaha hihi hehe
  oui non ouais nan yes no yep nope ok okay oki dac daccord d'accord ouep si bof
  bonjour bonsoir salut slt hello hi hey coucou cc yo re rebonjour rebonsoir wesh bjr bsr hola plop kikou
  bye ciao tchao bisous bisou bn bonne nuit soiree journee night good morning evening see you later
  merci mercii thanks thank thx ty tyty bravo gg gj nice cool super top genial trop fort bien
  tous toutes tout tlm le la les l' monde a à et chat everyone all guys people gens team famille the
  bienvenue welcome everybody ya les amis mes tt vous toi you
  pog poggers hype let's go lets go allez go gooo
  `
    .split(/\s+/u)
    .filter((w) => w.length > 0),
);

/** A token made only of digits, punctuation and symbols (`?`, `!!!`, `+1`, `<3`, `:)`). */
const NON_WORD_RE = /^[^\p{L}]*$/u;

/**
 * True when a message (its normalised words, emotes already removed) is a short reaction or a
 * greeting: no words, every word a reaction/greeting/filler word or punctuation, or at most
 * `shortWords` words of at most `shortChars` characters together.
 */
export function isReactionWords(words: readonly string[], shortWords = 2, shortChars = 12): boolean {
  if (words.length === 0) return true;
  if (words.every((w) => REACTION_WORDS.has(w) || NON_WORD_RE.test(w))) return true;
  // "+1 Léa", "Merci Léa", "gg Usul": a reaction word and a name
  const content = words.filter((w) => !REACTION_WORDS.has(w) && !NON_WORD_RE.test(w));
  if (content.length === 1 && words.length <= 3 && content[0]!.length <= 15) return true;
  return words.length <= shortWords && words.join(' ').length <= shortChars;
}
