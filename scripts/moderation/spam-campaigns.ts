import { mulberry32 as prng } from '../../src/util/random.js';
/**
 * Synthetic spam for the moderation eval: copypasta floods and bot raids from many accounts, short
 * raids by fresh accounts, known-spam campaigns (reworded variants of real viewer-selling /
 * giveaway spam, slow drip), and single-user repeaters, each message obfuscated in one of several ways. Deterministic per seed.
 */

/** How a spam message was disguised. */
export const OBFUSCATIONS = ['none', 'homoglyph', 'spacing', 'zeroWidth', 'emotes', 'punctuation', 'case', 'reword', 'mixed'] as const;
export type Obfuscation = (typeof OBFUSCATIONS)[number];

/** What kind of campaign a message belongs to. */
export type CampaignKind = 'flood' | 'raid' | 'known' | 'repeater';

/** One generated spam message. */
export interface SpamMessage {
  /** Offset from the campaign start, ms. */
  offsetMs: number;
  userId: string;
  login: string;
  text: string;
  campaign: number;
  kind: CampaignKind;
  /** 1-based position in its campaign. */
  index: number;
  obfuscation: Obfuscation;
}

/** A campaign: its messages (offsets relative to `startMs`). */
export interface Campaign {
  id: number;
  kind: CampaignKind;
  base: string;
  startMs: number;
  messages: SpamMessage[];
}

/** Copypastas and raid texts that are NOT in the blocklist (the flood filter must catch them). */
const FLOOD_TEXTS = [
  'If you are reading this the streamer owes me 50 euros and still refuses to pay me back',
  'Ce stream est truqué, le chat est contrôlé par des bots, partagez avant que ce soit supprimé',
  'Everyone type this in chat to show the streamer we want the old intro music back now',
  'Le streamer a volé mon idée de concept, honte à lui, faites tourner ce message partout',
  'hey guys check out my new music video on my channel it would mean a lot to me',
  'Je suis le vrai fils caché du présentateur et personne ne veut me croire dans ce chat',
  'This channel is going down tonight, the real show starts on my stream in five minutes',
  'Allez tous voter pour mon candidat préféré aux élections, il va tout changer pour nous',
  'Pourquoi personne ne parle du scandale des moustaches du présentateur depuis hier soir',
  'Raid incoming from the best community on twitch, say hi to our glorious leader everyone',
];

/** Short raid texts (under the flood filter's 5 words / 40 characters), one per fresh account. */
const RAID_TEXTS = [
  'follow me on insta @lola_xx',
  'lien en bio',
  'check my channel pls',
  'viens voir mon live',
  'go follow @bestclips',
  'abonnez vous à ma chaîne',
  'dm me for promo',
  'cute girls in my bio',
];

/** Known spam, reworded from the seed examples (different domains, synonyms, order). */
const KNOWN_TEXTS = [
  'Best viewers on viewerlabs .net',
  'Wanna be famous? Get followers, primes and viewers at fameboost .org',
  'Cheap followers, primes and viewers here: growtwitch .xyz',
  'Hello, sorry to bother you. I offer promotion for your channel: viewers, followers, views, chatbots',
  'Want more viewers and followers? Check out my service',
  'Tu veux être célèbre ? Achète des followers, des primes et des viewers sur boostlive .fr',
  'Des viewers et followers pas chers pour ta chaine sur viewerpro .fr',
  'Congrats! You have been chosen for our giveaway, DM me to get your prize',
  'Elon Musk gives away bitcoin: send 0.1 BTC, get 0.2 BTC back',
  'Concours : gagne 500 followers gratuits, clique sur le lien',
];

/** Texts of single-user repeaters (ordinary-looking, not spam by content). */
const REPEATER_TEXTS = [
  'Est-ce que quelqu’un peut me répondre s’il vous plaît je pose la question depuis tout à l’heure',
  'Usul réponds moi stp je te pose une question depuis le début du live',
  'when is the next giveaway streamer please answer me',
  'Quelle est la musique de fond de l’émission ce soir svp',
  'follow my friend on twitch he streams every night at 9',
  'Je trouve que l’invité dit vraiment n’importe quoi sur le nucléaire',
];

const HOMOGLYPHS: Record<string, string> = {
  a: 'а',
  c: 'с',
  e: 'е',
  o: 'о',
  p: 'р',
  x: 'х',
  y: 'у',
  i: 'і',
  s: 'ѕ',
  j: 'ј',
  A: 'А',
  B: 'В',
  C: 'С',
  E: 'Е',
  H: 'Н',
  K: 'К',
  M: 'М',
  O: 'О',
  P: 'Р',
  T: 'Т',
  X: 'Х',
};
const ZERO_WIDTH = ['\u200b', '\u200c', '\u200d', '\u2060', '\ufeff'];
const EMOTES = ['LUL', 'Kappa', 'PogChamp', 'catJAM', 'ponceFLEUR', 'KEKW', 'massietGG', '<3'];
const PUNCT = ['.', '!', '*', '-', '_', '~', '!!', '...'];
const SYNONYMS: Record<string, string[]> = {
  best: ['top', 'greatest'],
  viewers: ['viewerz', 'watchers'],
  followers: ['follows', 'followerz'],
  cheap: ['low cost', 'budget'],
  famous: ['popular', 'known'],
  everyone: ['everybody', 'all of you'],
  streamer: ['streamer guy', 'host'],
  check: ['look at', 'see'],
  channel: ['chanel', 'stream'],
  chat: ['le chat', 'tchat'],
  message: ['msg', 'texte'],
  pas: ['vraiment pas'],
  gagne: ['remporte'],
  gratuits: ['offerts'],
  stp: ['svp', "s'il te plait"],
  please: ['pls', 'plz'],
  vraiment: ['grave', 'franchement'],
};
const FILLERS = ['hey', 'guys', 'lol', 'wow', 'omg', 'bro', 'svp', 'franchement', 'vraiment', 'ok'];

type Rnd = () => number;
const pick = <T>(r: Rnd, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;

function homoglyph(r: Rnd, s: string): string {
  return Array.from(s, (ch) => (HOMOGLYPHS[ch] && r() < 0.5 ? HOMOGLYPHS[ch] : ch)).join('');
}

function spacing(r: Rnd, s: string): string {
  const words = s.split(' ');
  // Spell out one or two words letter by letter, split a few others
  return words
    .map((w) => {
      const x = r();
      if (w.length >= 4 && x < 0.2) return Array.from(w).join(' ');
      if (w.length >= 6 && x < 0.45) {
        const cut = 2 + Math.floor(r() * (w.length - 3));
        return w.slice(0, cut) + ' ' + w.slice(cut);
      }
      return w;
    })
    .join(r() < 0.3 ? '  ' : ' ');
}

function zeroWidth(r: Rnd, s: string): string {
  return Array.from(s, (ch) => (ch !== ' ' && r() < 0.3 ? ch + pick(r, ZERO_WIDTH) : ch)).join('');
}

function emotes(r: Rnd, s: string): string {
  const words = s.split(' ');
  const n = 1 + Math.floor(r() * 3);
  for (let i = 0; i < n; i++) words.splice(Math.floor(r() * (words.length + 1)), 0, pick(r, EMOTES));
  return words.join(' ');
}

function punctuation(r: Rnd, s: string): string {
  return s
    .split(' ')
    .map((w) => (r() < 0.35 ? w + pick(r, PUNCT) : r() < 0.1 && w.length > 3 ? w.slice(0, 2) + '.' + w.slice(2) : w))
    .join(' ');
}

function casing(r: Rnd, s: string): string {
  const mode = r();
  if (mode < 0.3) return s.toUpperCase();
  if (mode < 0.6) return Array.from(s, (ch) => (r() < 0.5 ? ch.toUpperCase() : ch.toLowerCase())).join('');
  return s
    .split(' ')
    .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
    .join(' ');
}

function reword(r: Rnd, s: string): string {
  let words = s.split(' ').map((w) => {
    const syn = SYNONYMS[w.toLowerCase()];
    return syn && r() < 0.7 ? pick(r, syn) : w;
  });
  // Drop one word, add a filler at the start or the end
  if (words.length > 6 && r() < 0.6) words.splice(1 + Math.floor(r() * (words.length - 2)), 1);
  if (r() < 0.5) words = [pick(r, FILLERS), ...words];
  else words.push(pick(r, FILLERS));
  return words.join(' ');
}

/** Applies one obfuscation kind. */
export function obfuscate(r: Rnd, kind: Obfuscation, s: string): string {
  switch (kind) {
    case 'none':
      return s;
    case 'homoglyph':
      return homoglyph(r, s);
    case 'spacing':
      return spacing(r, s);
    case 'zeroWidth':
      return zeroWidth(r, s);
    case 'emotes':
      return emotes(r, s);
    case 'punctuation':
      return punctuation(r, s);
    case 'case':
      return casing(r, s);
    case 'reword':
      return reword(r, s);
    case 'mixed': {
      const kinds: Obfuscation[] = ['homoglyph', 'spacing', 'zeroWidth', 'emotes', 'punctuation', 'case', 'reword'];
      let out = reword(r, s);
      const n = 2;
      for (let i = 0; i < n; i++) out = obfuscate(r, pick(r, kinds.slice(0, 6)), out);
      return out;
    }
  }
}

/** Options of {@link generateCampaigns}. */
export interface CampaignOptions {
  seed?: number;
  /** Copypasta floods / bot raids. Default 20. */
  floods?: number;
  /** Short raids: fresh accounts (first message in the channel) posting one short text each. Default 10. */
  raids?: number;
  /** Known-spam drips. Default 20. */
  known?: number;
  /** Single-user repeaters. Default 30. */
  repeaters?: number;
  /** Start times are spread uniformly over [0, spanMs). */
  spanMs: number;
}

/** Generates the campaigns of one eval run. */
export function generateCampaigns(options: CampaignOptions): Campaign[] {
  const r = prng(options.seed ?? 42);
  const out: Campaign[] = [];
  let id = 0;
  const kinds = OBFUSCATIONS;
  const add = (kind: CampaignKind, base: string, count: number, accounts: number, gap: [number, number]) => {
    const c: Campaign = { id: ++id, kind, base, startMs: Math.floor(r() * options.spanMs), messages: [] };
    let t = 0;
    for (let i = 1; i <= count; i++) {
      const acc = kind === 'repeater' ? 0 : (i - 1) % accounts;
      const obf = kinds[Math.floor(r() * kinds.length)]!;
      c.messages.push({
        offsetMs: t,
        userId: `spam-${c.id}-${acc}`,
        login: `spambot${c.id}x${acc}`,
        text: obfuscate(r, obf, base),
        campaign: c.id,
        kind,
        index: i,
        obfuscation: obf,
      });
      t += gap[0] + Math.floor(r() * (gap[1] - gap[0]));
    }
    out.push(c);
  };
  for (let i = 0; i < (options.floods ?? 20); i++) {
    const accounts = 5 + Math.floor(r() * 25);
    add('flood', pick(r, FLOOD_TEXTS), accounts + Math.floor(r() * accounts * 0.5), accounts, [200, 2500]);
  }
  for (let i = 0; i < (options.known ?? 20); i++) {
    const accounts = 3 + Math.floor(r() * 15);
    add('known', pick(r, KNOWN_TEXTS), accounts, accounts, [5_000, 60_000]);
  }
  for (let i = 0; i < (options.repeaters ?? 30); i++) {
    add('repeater', pick(r, REPEATER_TEXTS), 6 + Math.floor(r() * 5), 1, [4_000, 20_000]);
  }
  // Last, so the other campaigns of a seed stay as they were before short raids existed
  for (let i = 0; i < (options.raids ?? 10); i++) {
    const accounts = 5 + Math.floor(r() * 11);
    add('raid', pick(r, RAID_TEXTS), accounts, accounts, [200, 2000]);
  }
  return out;
}
