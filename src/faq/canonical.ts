import { stripEmotes } from '../nlp/emotes.js';
import { normalizeText, tokenizeWords } from '../nlp/normalize.js';

/**
 * Chat spellings folded to one form, applied to examples and messages alike, so that "c koi la
 * zik", "c'est quoi la musique" and "what song is this" share words. Keys and values are
 * normalised (lowercase, no accents). A value may hold several words.
 */
// prettier-ignore
export const CHAT_SYNONYMS: ReadonlyMap<string, string> = new Map(
  Object.entries({
    // French chat spellings
    koi: 'quoi', koa: 'quoi', quoa: 'quoi', kwa: 'quoi', quoij: 'quoi',
    cest: 'c est', sest: 's est', kel: 'quel', kelle: 'quel', quelle: 'quel', quels: 'quel',
    quelles: 'quel', kan: 'quand', qd: 'quand', cmt: 'comment', koment: 'comment', pk: 'pourquoi', pq: 'pourquoi',
    ya: 'il y a', yat: 'il y a', tas: 'tu as', tes: 'tu es', t: 'tu', jsp: 'je sais pas', stp: 'svp', svpp: 'svp',
    auj: 'aujourdhui', ajd: 'aujourdhui', aujourd: 'aujourdhui', hui: '', '2main': 'demain',
    ki: 'qui', pr: 'pour', ds: 'dans', tjr: 'toujours', tjrs: 'toujours', mtn: 'maintenant', mnt: 'maintenant',
    dmn: 'demain', prochin: 'prochain', heur: 'heure', strim: 'stream',
    // music
    musik: 'musique', musiq: 'musique', musique: 'musique', musiques: 'musique', zik: 'musique', zic: 'musique',
    zique: 'musique', music: 'musique', musica: 'musique', song: 'musique', songs: 'musique', chanson: 'musique',
    chansons: 'musique', track: 'musique', tracks: 'musique', tune: 'musique', sound: 'son', sons: 'son',
    chanteur: 'chante', chanteuse: 'chante', chantent: 'chante', artiste: 'artist', artists: 'artist',
    // games
    jeux: 'jeu', game: 'jeu', games: 'jeu', jeuvideo: 'jeu', joues: 'joue', jouer: 'joue', jouez: 'joue', jouent: 'joue',
    jouons: 'joue', jou: 'joue',
    play: 'joue', plays: 'joue', played: 'joue',
    // schedule
    lives: 'live', streams: 'stream', streames: 'stream', streamez: 'stream', streamer: 'stream', streaming: 'stream',
    prochaine: 'prochain', planing: 'planning', horaire: 'horaires', horraires: 'horaires', hours: 'heure',
    heures: 'heure', h: 'heure',
    // socials and links
    insta: 'instagram', ig: 'instagram', insa: 'instagram', twitter: 'twitter', tweeter: 'twitter', yt: 'youtube',
    ytb: 'youtube', youtub: 'youtube', rediff: 'replay', rediffusion: 'replay', rediffs: 'replay',
    replays: 'replay', vod: 'replay', vods: 'replay', chaine: 'chaine', channel: 'chaine', serv: 'serveur',
    server: 'serveur', discorde: 'discord', disc: 'discord', links: 'lien', link: 'lien', liens: 'lien',
    // setup
    config: 'setup', configuration: 'setup', set: 'setup', ordi: 'pc', ordinateur: 'pc', computer: 'pc',
    cg: 'gpu', graphique: 'gpu', graphic: 'gpu', graphics: 'gpu', proco: 'cpu', processeur: 'cpu', proc: 'cpu',
    processor: 'cpu', cam: 'camera', webcam: 'camera', mic: 'micro', microphone: 'micro', mike: 'micro',
    ecrans: 'ecran', screen: 'ecran', monitor: 'ecran', headset: 'casque', specs: 'setup', spec: 'setup',
    // show
    theme: 'sujet', themes: 'sujet', topic: 'sujet', topics: 'sujet', sujets: 'sujet', invite: 'invites',
    invitee: 'invites', invitees: 'invites', guest: 'invites', guests: 'invites',
    // about
    ans: 'age', old: 'age', ville: 'ville', city: 'ville', region: 'ville', habites: 'habite', habiter: 'habite',
    // English chat spellings
    u: 'you', r: 'are', ur: 'your', whats: 'what is', wat: 'what', wut: 'what', wht: 'what',
    hw: 'how', pls: 'svp', plz: 'svp', please: 'svp', plox: 'svp', rn: 'now', im: 'i am',
    dat: 'that', da: 'the', gonna: 'going to', wanna: 'want to', nxt: 'next', tmrw: 'tomorrow',
    tmr: 'tomorrow', tmrow: 'tomorrow', '2moro': 'tomorrow', '2morrow': 'tomorrow', tonite: 'tonight', '2nite': 'tonight',
    '2day': 'today', sched: 'schedule', dc: 'discord', dicord: 'discord', discrod: 'discord', twt: 'twitter',
    // naming words, shared by every entry that asks for a name ("what is this game called")
    called: 'appelle', appel: 'appelle', apelle: 'appelle', name: 'nom', named: 'nom', titled: 'titre', title: 'titre',
  }),
);

const NON_WORD = /[^\p{L}\p{N}]+/u;
const LONG_RUNS = /(\p{L})\1{2,}/gu;

/** Normalised word tokens of a chat message: emotes dropped, spellings folded (see above). */
export function canonicalTokens(text: string): string[] {
  if (typeof text !== 'string' || text.length === 0) return [];
  const key = normalizeText(stripEmotes(text));
  const out: string[] = [];
  const words = tokenizeWords(key).flatMap((t) => t.replace(LONG_RUNS, '$1').split(NON_WORD));
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    if (!w) continue;
    // "c quoi", "c koi" -> "c est quoi"; "c'est" is already "c" + "est"
    if ((w === 'c' && words[i + 1] !== 'est') || (w === 'ces' && (words[i + 1] === 'quoi' || words[i + 1] === 'koi'))) {
      out.push('c', 'est');
      continue;
    }
    const mapped = CHAT_SYNONYMS.get(w);
    if (mapped === undefined) out.push(w);
    else if (mapped) out.push(...mapped.split(' '));
  }
  return out;
}

/** The canonical text that is encoded for matching (tokens joined by spaces). */
export function canonicalText(text: string): string {
  return canonicalTokens(text).join(' ');
}
