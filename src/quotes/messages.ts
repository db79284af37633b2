import type { PermissionLevel } from '../chat/permissions.js';

/** Languages of the bot's messages. */
export type Language = 'fr' | 'en';

const FR_WHO: Record<PermissionLevel, string> = {
  everyone: 'à tout le monde',
  subscriber: 'aux abonnés',
  vip: 'aux VIP',
  moderator: 'aux modérateurs',
  broadcaster: 'au streamer',
};
const EN_WHO: Record<PermissionLevel, string> = {
  everyone: 'everyone',
  subscriber: 'subscribers',
  vip: 'VIPs',
  moderator: 'moderators',
  broadcaster: 'the broadcaster',
};

/** Every text of the quotes module, per language (`p` is the channel's prefix). */
export const MESSAGES = {
  fr: {
    usage: (p: string) => `Usage : ${p}quote [numéro|mots] | ${p}quote add <citation> | ${p}quote del <numéro>`,
    none: (p: string) => `Aucune citation pour le moment. Un modo en ajoute avec ${p}quote add <citation>.`,
    notFound: (p: string, n: number) => `Pas de citation n° ${n}. ${p}quote pour une au hasard.`,
    noMatch: (p: string) => `Aucune citation ne parle de ça. ${p}quote pour une au hasard.`,
    noText: (p: string) => `Il manque la citation. Exemple : ${p}quote add « Je reviens dans 5 minutes »`,
    tooLong: (max: number) => `Citation trop longue (${max} caractères au plus).`,
    full: (max: number) => `Cette chaîne a déjà ${max} citations.`,
    denied: (p: string, what: string, level: PermissionLevel) => `${p}quote ${what} est réservé ${FR_WHO[level]}.`,
    added: (n: number) => `Citation n° ${n} ajoutée.`,
    deleted: (n: number) => `Citation n° ${n} supprimée.`,
    format: (n: number, text: string, game: string | null, date: string) => `#${n} : « ${text} »${game ? ` (${game}, ${date})` : ` (${date})`}`,
  },
  en: {
    usage: (p: string) => `Usage: ${p}quote [number|words] | ${p}quote add <quote> | ${p}quote del <number>`,
    none: (p: string) => `No quotes yet. A mod adds one with ${p}quote add <quote>.`,
    notFound: (p: string, n: number) => `No quote #${n}. ${p}quote for a random one.`,
    noMatch: (p: string) => `No quote is about that. ${p}quote for a random one.`,
    noText: (p: string) => `The quote is missing. Example: ${p}quote add "Back in 5 minutes"`,
    tooLong: (max: number) => `Quote too long (at most ${max} characters).`,
    full: (max: number) => `This channel already has ${max} quotes.`,
    denied: (p: string, what: string, level: PermissionLevel) => `${p}quote ${what} is for ${EN_WHO[level]} only.`,
    added: (n: number) => `Quote #${n} added.`,
    deleted: (n: number) => `Quote #${n} deleted.`,
    format: (n: number, text: string, game: string | null, date: string) => `#${n}: "${text}"${game ? ` (${game}, ${date})` : ` (${date})`}`,
  },
} as const;

export type QuoteMessages = (typeof MESSAGES)[Language];

/** The module's texts in a channel's language. */
export function messagesFor(language: Language): QuoteMessages {
  return MESSAGES[language];
}
