import type { PermissionLevel } from '../chat/permissions.js';

/** Languages of the bot's messages. */
export type Language = 'fr' | 'en';

const FR_LEVELS: Record<PermissionLevel, string> = {
  everyone: 'tout le monde',
  subscriber: 'abonnés',
  vip: 'VIP',
  moderator: 'modérateurs',
  broadcaster: 'streamer',
};
const EN_LEVELS: Record<PermissionLevel, string> = {
  everyone: 'everyone',
  subscriber: 'subscribers',
  vip: 'VIPs',
  moderator: 'moderators',
  broadcaster: 'broadcaster',
};

/** Every text of the custom commands module, per language (`p` is the channel's prefix). */
export const MESSAGES = {
  fr: {
    usage: (p: string) => `Usage : ${p}cmd add|edit|del|list|show <nom> [-ul=niveau] [-cd=secondes] [-ucd=secondes] [-a=alias1,alias2] <réponse>`,
    badName: (p: string, name: string) =>
      `« ${name} » n'est pas un nom de commande valable (lettres, chiffres, _ ou -, 25 caractères au plus). Exemple : ${p}cmd add discord Rejoins-nous !`,
    reserved: (p: string, name: string) => `${p}${name} est une commande du bot : choisissez un autre nom.`,
    exists: (p: string, name: string) => `${p}${name} existe déjà : modifiez-la avec ${p}cmd edit ${name} <réponse>.`,
    missing: (p: string, name: string) => `Pas de commande ${p}${name}. Voir ${p}cmd list.`,
    noResponse: (p: string) => `Il manque la réponse. Exemple : ${p}cmd add discord Rejoins-nous sur discord.gg/xyz`,
    commandResponse: (p: string) =>
      `Une réponse ne peut pas commencer par / ou . (ce serait une commande Twitch). Exemple : ${p}cmd add regles Les règles : ...`,
    tooLong: (max: number) => `Réponse trop longue (${max} caractères au plus).`,
    badOption: (p: string, option: string) =>
      `Option inconnue ou invalide : ${option}. Options : -ul=everyone|subscriber|vip|moderator|broadcaster -cd=secondes -ucd=secondes -a=alias1,alias2 (voir ${p}cmd).`,
    aliasTaken: (p: string, alias: string) => `L'alias ${p}${alias} est déjà pris.`,
    full: (max: number) => `Cette chaîne a déjà ${max} commandes : supprimez-en une d'abord.`,
    added: (p: string, name: string) => `Commande ${p}${name} ajoutée.`,
    edited: (p: string, name: string) => `Commande ${p}${name} modifiée.`,
    deleted: (p: string, name: string) => `Commande ${p}${name} supprimée.`,
    list: (names: string[]) => (names.length === 0 ? 'Aucune commande personnalisée pour le moment.' : `Commandes personnalisées : ${names.join(', ')}`),
    show: (p: string, name: string, level: PermissionLevel, cd: number, aliases: string[], uses: number, response: string) =>
      `${p}${name} (${FR_LEVELS[level]}, ${cd} s${aliases.length ? `, alias ${aliases.map((a) => p + a).join(' ')}` : ''}, ${uses} utilisation${uses > 1 ? 's' : ''}) : ${response}`,
    offline: 'hors ligne',
    unknown: 'inconnu',
    uptime: (h: number, m: number) => (h > 0 ? `${h} h ${String(m).padStart(2, '0')}` : `${m} min`),
  },
  en: {
    usage: (p: string) => `Usage: ${p}cmd add|edit|del|list|show <name> [-ul=level] [-cd=seconds] [-ucd=seconds] [-a=alias1,alias2] <response>`,
    badName: (p: string, name: string) =>
      `"${name}" is not a valid command name (letters, digits, _ or -, at most 25 characters). Example: ${p}cmd add discord Join us!`,
    reserved: (p: string, name: string) => `${p}${name} is one of the bot's commands: pick another name.`,
    exists: (p: string, name: string) => `${p}${name} already exists: change it with ${p}cmd edit ${name} <response>.`,
    missing: (p: string, name: string) => `No command ${p}${name}. See ${p}cmd list.`,
    noResponse: (p: string) => `The response is missing. Example: ${p}cmd add discord Join us at discord.gg/xyz`,
    commandResponse: (p: string) => `A response cannot start with / or . (that would be a Twitch command). Example: ${p}cmd add rules The rules: ...`,
    tooLong: (max: number) => `Response too long (at most ${max} characters).`,
    badOption: (p: string, option: string) =>
      `Unknown or invalid option: ${option}. Options: -ul=everyone|subscriber|vip|moderator|broadcaster -cd=seconds -ucd=seconds -a=alias1,alias2 (see ${p}cmd).`,
    aliasTaken: (p: string, alias: string) => `The alias ${p}${alias} is already taken.`,
    full: (max: number) => `This channel already has ${max} commands: delete one first.`,
    added: (p: string, name: string) => `Command ${p}${name} added.`,
    edited: (p: string, name: string) => `Command ${p}${name} updated.`,
    deleted: (p: string, name: string) => `Command ${p}${name} deleted.`,
    list: (names: string[]) => (names.length === 0 ? 'No custom commands yet.' : `Custom commands: ${names.join(', ')}`),
    show: (p: string, name: string, level: PermissionLevel, cd: number, aliases: string[], uses: number, response: string) =>
      `${p}${name} (${EN_LEVELS[level]}, ${cd} s${aliases.length ? `, aliases ${aliases.map((a) => p + a).join(' ')}` : ''}, used ${uses} time${uses === 1 ? '' : 's'}): ${response}`,
    offline: 'offline',
    unknown: 'unknown',
    uptime: (h: number, m: number) => (h > 0 ? `${h}h ${m}m` : `${m}m`),
  },
} as const;

export type CustomCommandMessages = (typeof MESSAGES)[Language];

/** The module's texts in a channel's language. */
export function messagesFor(language: Language): CustomCommandMessages {
  return MESSAGES[language];
}
