/** Languages of the bot's messages. */
export type Language = 'fr' | 'en';

/** Every text of the timers module, per language (`p` is the channel's prefix). */
export const MESSAGES = {
  fr: {
    usage: (p: string) => `Usage : ${p}timer add <nom> <minutes> [-lines=messages] <texte> | ${p}timer del|on|off|show <nom> | ${p}timer list`,
    badName: (p: string, name: string) =>
      `« ${name} » n'est pas un nom de minuteur valable (lettres, chiffres, _ ou -). Exemple : ${p}timer add discord 20 Rejoins le discord !`,
    badMinutes: (p: string) => `Donnez l'intervalle en minutes (1 à 1440). Exemple : ${p}timer add discord 20 Rejoins le discord !`,
    badLines: (p: string) => `-lines= attend un nombre de messages (0 à 10000). Exemple : ${p}timer add discord 20 -lines=15 Rejoins le discord !`,
    noText: (p: string) => `Il manque le texte. Exemple : ${p}timer add discord 20 Rejoins le discord !`,
    commandText: (p: string) => `Un texte ne peut pas commencer par / ou . (ce serait une commande Twitch). Exemple : ${p}timer add regles 30 Les règles : ...`,
    tooLong: (max: number) => `Texte trop long (${max} caractères au plus).`,
    exists: (p: string, name: string) => `Le minuteur ${name} existe déjà : supprimez-le d'abord avec ${p}timer del ${name}.`,
    missing: (p: string, name: string) => `Pas de minuteur ${name}. Voir ${p}timer list.`,
    full: (max: number) => `Cette chaîne a déjà ${max} minuteurs : supprimez-en un d'abord.`,
    added: (name: string, minutes: number, lines: number) =>
      `Minuteur ${name} ajouté : toutes les ${minutes} min, s'il y a eu au moins ${lines} messages depuis.`,
    deleted: (name: string) => `Minuteur ${name} supprimé.`,
    switched: (name: string, on: boolean) => `Minuteur ${name} ${on ? 'activé' : 'en pause'}.`,
    list: (items: string[]) => (items.length === 0 ? 'Aucun minuteur pour le moment.' : `Minuteurs : ${items.join(', ')}`),
    item: (name: string, minutes: number, on: boolean) => `${name} (${minutes} min${on ? '' : ', en pause'})`,
    show: (name: string, minutes: number, lines: number, on: boolean, text: string) =>
      `${name} : toutes les ${minutes} min, après ${lines} messages${on ? '' : ' (en pause)'} : ${text}`,
  },
  en: {
    usage: (p: string) => `Usage: ${p}timer add <name> <minutes> [-lines=messages] <text> | ${p}timer del|on|off|show <name> | ${p}timer list`,
    badName: (p: string, name: string) => `"${name}" is not a valid timer name (letters, digits, _ or -). Example: ${p}timer add discord 20 Join the discord!`,
    badMinutes: (p: string) => `Give the interval in minutes (1 to 1440). Example: ${p}timer add discord 20 Join the discord!`,
    badLines: (p: string) => `-lines= takes a number of messages (0 to 10000). Example: ${p}timer add discord 20 -lines=15 Join the discord!`,
    noText: (p: string) => `The text is missing. Example: ${p}timer add discord 20 Join the discord!`,
    commandText: (p: string) => `A text cannot start with / or . (that would be a Twitch command). Example: ${p}timer add rules 30 The rules: ...`,
    tooLong: (max: number) => `Text too long (at most ${max} characters).`,
    exists: (p: string, name: string) => `Timer ${name} already exists: delete it first with ${p}timer del ${name}.`,
    missing: (p: string, name: string) => `No timer ${name}. See ${p}timer list.`,
    full: (max: number) => `This channel already has ${max} timers: delete one first.`,
    added: (name: string, minutes: number, lines: number) => `Timer ${name} added: every ${minutes} min, if chat sent at least ${lines} messages since.`,
    deleted: (name: string) => `Timer ${name} deleted.`,
    switched: (name: string, on: boolean) => `Timer ${name} ${on ? 'on' : 'paused'}.`,
    list: (items: string[]) => (items.length === 0 ? 'No timers yet.' : `Timers: ${items.join(', ')}`),
    item: (name: string, minutes: number, on: boolean) => `${name} (${minutes} min${on ? '' : ', paused'})`,
    show: (name: string, minutes: number, lines: number, on: boolean, text: string) =>
      `${name}: every ${minutes} min, after ${lines} messages${on ? '' : ' (paused)'}: ${text}`,
  },
} as const;

export type TimerMessages = (typeof MESSAGES)[Language];

/** The module's texts in a channel's language. */
export function messagesFor(language: Language): TimerMessages {
  return MESSAGES[language];
}
