import type { TrustLevel } from '../config.js';
import type { TrustReason } from './levels.js';

/** Languages of the bot's messages. */
export type Language = 'fr' | 'en';

const FR_LEVEL: Record<TrustLevel, string> = { new: 'nouveau', known: 'connu', regular: 'habitué', trusted: 'de confiance' };
const EN_LEVEL: Record<TrustLevel, string> = { new: 'new', known: 'known', regular: 'regular', trusted: 'trusted' };
const FR_REASON: Record<TrustReason, string> = {
  override: 'réglé par un modo',
  penalty: 'sanction récente',
  'young-account': 'compte récent',
  vip: 'VIP',
  subscriber: 'abonné',
  history: 'historique',
};
const EN_REASON: Record<TrustReason, string> = {
  override: 'set by a mod',
  penalty: 'recent penalty',
  'young-account': 'young account',
  vip: 'VIP',
  subscriber: 'subscriber',
  history: 'history',
};

/** Every text of the trust commands, per language (`p` is the channel's prefix). */
export const MESSAGES = {
  fr: {
    usage: (p: string) => `Usage : ${p}trust <pseudo> [auto] | ${p}untrust <pseudo> | ${p}trustlevel <pseudo>`,
    unknown: (login: string) => `@${login} n'a jamais écrit ici : je ne peux pas régler sa confiance.`,
    trusted: (p: string, login: string) =>
      `@${login} est de confiance : liens, majuscules, symboles et emotes ne sont plus filtrés (les filtres anti-spam restent). ${p}untrust ${login} pour annuler.`,
    untrusted: (p: string, login: string) =>
      `@${login} n'est plus de confiance : tous les filtres s'appliquent. ${p}trust ${login} auto pour revenir au calcul automatique.`,
    auto: (login: string, level: TrustLevel) => `Confiance de @${login} de nouveau automatique (${FR_LEVEL[level]}).`,
    level: (login: string, level: TrustLevel, messages: number, days: number, reasons: TrustReason[], filtered: boolean) =>
      `@${login} : ${FR_LEVEL[level]} (${messages} messages sur ${days} jour${days > 1 ? 's' : ''}${reasons.length ? ', ' + reasons.map((r) => FR_REASON[r]).join(', ') : ''}) ; filtres de règles ${filtered ? 'actifs' : 'levés'}.`,
  },
  en: {
    usage: (p: string) => `Usage: ${p}trust <user> [auto] | ${p}untrust <user> | ${p}trustlevel <user>`,
    unknown: (login: string) => `@${login} never chatted here: I cannot set their trust.`,
    trusted: (p: string, login: string) =>
      `@${login} is trusted: links, caps, symbols and emotes are no longer filtered (spam filters still apply). ${p}untrust ${login} to undo.`,
    untrusted: (p: string, login: string) => `@${login} is no longer trusted: every filter applies. ${p}trust ${login} auto to go back to the automatic level.`,
    auto: (login: string, level: TrustLevel) => `Trust of @${login} is automatic again (${EN_LEVEL[level]}).`,
    level: (login: string, level: TrustLevel, messages: number, days: number, reasons: TrustReason[], filtered: boolean) =>
      `@${login}: ${EN_LEVEL[level]} (${messages} messages on ${days} day${days === 1 ? '' : 's'}${reasons.length ? ', ' + reasons.map((r) => EN_REASON[r]).join(', ') : ''}); rule filters ${filtered ? 'on' : 'lifted'}.`,
  },
} as const;

export type TrustMessages = (typeof MESSAGES)[Language];

export function messagesFor(language: Language): TrustMessages {
  return MESSAGES[language];
}
