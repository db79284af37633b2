/** Short names of the filters, as shown to viewers (Helix reason) and moderators. */
const FILTER_NAMES: Record<'fr' | 'en', Record<string, string>> = {
  en: {
    repeat: 'repeated message',
    flood: 'copypasta / raid',
    shield: 'bot raid',
    blocklist: 'known spam',
    links: 'link not allowed',
    caps: 'too many capitals',
    symbols: 'too many symbols',
    emotes: 'too many emotes',
    length: 'message too long',
    zalgo: 'zalgo text',
    repeatedChars: 'repeated characters',
    nuke: 'nuked by a moderator',
  },
  fr: {
    repeat: 'message répété',
    flood: 'copypasta / raid',
    shield: 'raid de bots',
    blocklist: 'spam connu',
    links: 'lien non autorisé',
    caps: 'trop de majuscules',
    symbols: 'trop de symboles',
    emotes: "trop d'emotes",
    length: 'message trop long',
    zalgo: 'texte zalgo',
    repeatedChars: 'caractères répétés',
    nuke: 'nuke par un modérateur',
  },
};

/** The reason sent with a Helix action and stored in the log: `Auto-mod: <filter> (<detail>)`. */
export function reasonText(language: 'fr' | 'en', filter: string, detail: string): string {
  return `Auto-mod: ${filterName(language, filter)}${detail ? ` (${detail})` : ''}`.slice(0, 500);
}

/** The filter's viewer-facing name. */
export function filterName(language: 'fr' | 'en', filter: string): string {
  return FILTER_NAMES[language][filter] ?? filter;
}
