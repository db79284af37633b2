import { stripEmotes } from '../nlp/emotes.js';
import { normalizeText, tokenizeWords } from '../nlp/normalize.js';

/**
 * Chat spellings folded to one form (French and English), applied to examples and messages alike,
 * so that "c koi", "whats ur cpu" and "c'est quoi ton cpu" share words. Keys and values are
 * normalised (lowercase, no accents). A value may hold several words; an empty value drops the
 * word (laughter and fillers carry no question). What a question is about (music, game, setup...)
 * is related across words and languages by the lexicon (viewer-lexicon.yaml), not here.
 */
// prettier-ignore
export const CHAT_SPELLINGS: ReadonlyMap<string, string> = new Map(
  Object.entries({
    // French chat spellings
    koi: 'quoi', koa: 'quoi', quoa: 'quoi', kwa: 'quoi', quoij: 'quoi', quoiii: 'quoi',
    cest: 'c est', sest: 's est', kel: 'quel', kelle: 'quel', quelle: 'quel', quels: 'quel',
    quelles: 'quel', kels: 'quel', kan: 'quand', qd: 'quand', qnd: 'quand', cmt: 'comment', koment: 'comment',
    commen: 'comment', pk: 'pourquoi', pq: 'pourquoi', pkoi: 'pourquoi', ki: 'qui', kil: 'qu il',
    ya: 'il y a', yat: 'il y a', yaura: 'il y aura', yora: 'il y aura', tas: 'tu as', tes: 'tu es',
    t: 'tu', jsp: 'sais pas', jpp: '', chui: 'je suis', chuis: 'je suis', jsuis: 'je suis', g: 'j ai',
    qqn: 'quelqu un', qqun: 'quelqu un', kelkun: 'quelqu un', qq: 'quelques', qlq: 'quelques', tt: 'tout',
    stp: 'svp', svpp: 'svp', svppp: 'svp', stpp: 'svp', pls: 'svp', plz: 'svp', please: 'svp', plox: 'svp', pliz: 'svp',
    auj: 'aujourdhui', ajd: 'aujourdhui', aujourd: 'aujourdhui', hui: '', '2main': 'demain', dmn: 'demain',
    pr: 'pour', ds: 'dans', tjr: 'toujours', tjrs: 'toujours', mtn: 'maintenant', mnt: 'maintenant',
    prochin: 'prochain', heur: 'heure', strim: 'stream', slt: 'salut', bjr: 'bonjour', mrc: 'merci', dsl: 'desole',
    kesk: 'qu est ce que', keske: 'qu est ce que', kesske: 'qu est ce que', keskon: 'qu est ce qu on', kesako: 'c est quoi',
    cb: 'combien', cmb: 'combien', combi1: 'combien', jai: 'j ai', jsais: 'sais', chai: 'sais', chais: 'sais', ct: 'c etait',
    bcp: 'beaucoup', vs: 'vous', tkt: '', oklm: '', wesh: '', quesque: 'qu est ce que', kwa2neuf: '',
    frr: '', frero: '', frere: '', wsh: '', mec: '', mdr: '', ptdr: '', xptdr: '', lol: '', lool: '',
    xd: '', mdrr: '', ptn: '', putain: '', genre: '', bah: '', ben: '', euh: '', heu: '',
    // English chat spellings
    u: 'you', r: 'are', ur: 'your', urs: 'yours', yr: 'your', whats: 'what is', wats: 'what is',
    wat: 'what', wut: 'what', wot: 'what', wht: 'what', whut: 'what', wha: 'what', whos: 'who is', wheres: 'where is',
    whens: 'when is', hows: 'how is', wen: 'when', wher: 'where', hw: 'how', dis: 'this', dat: 'that',
    da: 'the', teh: 'the', rn: 'now', im: 'i am', ive: 'i have', youre: 'you are', ure: 'you are', theyre: 'they are',
    gonna: 'going to', wanna: 'want to', gotta: 'got to', nxt: 'next', tmrw: 'tomorrow', tmr: 'tomorrow',
    tmrow: 'tomorrow', tomoro: 'tomorrow', '2moro': 'tomorrow', '2morrow': 'tomorrow', tonite: 'tonight', '2nite': 'tonight',
    '2day': 'today', tdy: 'today', sched: 'schedule', abt: 'about', cuz: 'because', bc: 'because', thx: 'thanks',
    ty: 'thanks', lmao: '', lmfao: '', rofl: '', lul: '', bro: '', bruh: '', dude: '', yo: '', fam: '',
    pog: '', omg: '', idk: 'dont know', dunno: 'dont know', yall: 'you all', ppl: 'people', rly: 'really', tho: '',
    whatchu: 'what you', wuts: 'what is', wyd: 'what are you doing', sum1: 'someone', fav: 'favorite', fave: 'favorite',
    // naming words, shared by every entry that asks for a name ("what is this game called")
    called: 'appelle', appel: 'appelle', apelle: 'appelle', apel: 'appelle', name: 'nom', named: 'nom',
    titled: 'titre', title: 'titre',
  }),
);

const NON_WORD = /[^\p{L}\p{N}]+/u;
const LONG_RUNS = /(\p{L})\1{2,}/gu;

/**
 * Normalised word tokens of a chat message: emotes dropped, chat spellings folded (see above;
 * `spellings` = an empty map keeps the words as written).
 */
export function canonicalTokens(text: string, spellings: ReadonlyMap<string, string> = CHAT_SPELLINGS): string[] {
  if (typeof text !== 'string' || text.length === 0) return [];
  const key = normalizeText(stripEmotes(text));
  const out: string[] = [];
  const words = tokenizeWords(key).flatMap((t) => t.replace(LONG_RUNS, '$1').split(NON_WORD));
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    if (!w) continue;
    // "c quoi", "c koi" -> "c est quoi"; "c'est" is already "c" + "est"
    if (spellings.size > 0 && ((w === 'c' && words[i + 1] !== 'est') || (w === 'ces' && (words[i + 1] === 'quoi' || words[i + 1] === 'koi')))) {
      out.push('c', 'est');
      continue;
    }
    const mapped = spellings.get(w);
    if (mapped === undefined) out.push(w);
    else if (mapped) out.push(...mapped.split(' '));
  }
  return out;
}

/** The canonical text that is encoded for matching (tokens joined by spaces). */
export function canonicalText(text: string, spellings: ReadonlyMap<string, string> = CHAT_SPELLINGS): string {
  return canonicalTokens(text, spellings).join(' ');
}
