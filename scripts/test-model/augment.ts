/**
 * Chat-like augmentations for contrastive training of the test model: two views of one message
 * must land close, other messages far. Each view gets one or two of: typos, chat spellings
 * (FR + EN), homoglyphs, emote padding, word drops, spaced letters and split words, case and punctuation noise.
 */

/** Chat spellings (both ways): the model should see "u" and "you", "jsp" and "je sais pas" as one. */
const SPELLINGS: ReadonlyArray<readonly [string, string]> = [
  ['you', 'u'],
  ['are', 'r'],
  ['your', 'ur'],
  ['what', 'wat'],
  ['what is', 'whats'],
  ['please', 'pls'],
  ['why', 'y'],
  ['because', 'cuz'],
  ['thanks', 'thx'],
  ['okay', 'ok'],
  ['really', 'rly'],
  ['people', 'ppl'],
  ['to', '2'],
  ['for', '4'],
  ['je sais pas', 'jsp'],
  ['quoi', 'koi'],
  ["c'est", 'c'],
  ["c'est", 'cest'],
  ['pourquoi', 'pk'],
  ['beaucoup', 'bcp'],
  ["s'il te plait", 'stp'],
  ["s'il vous plait", 'svp'],
  ['aujourd’hui', 'ajd'],
  ['quelqu’un', 'qqn'],
  ['tout', 'tt'],
  ['mais', 'mé'],
  ['les', 'lé'],
  ['oui', 'ouai'],
  ['non', 'nn'],
  ['trop', 'tro'],
  ['bonjour', 'bjr'],
  ['salut', 'slt'],
  ['je suis', 'chui'],
  ['tu es', 't'],
  ["qu'est-ce que", 'keske'],
  ['vraiment', 'vrmt'],
  ['rien', 'r1'],
];
const EMOTES = ['KEKW', 'LUL', 'Kappa', 'PogChamp', 'catJAM', 'massietGG', 'massietJEAN', 'ponceJAM', 'OMEGALUL', '<3', 'xD', 'mdr', 'lol', '😂', '🔥'];
const HOMOGLYPHS: Readonly<Record<string, string>> = { a: 'а', e: 'е', o: 'о', p: 'р', c: 'с', x: 'х', i: 'і', y: 'у' };

function pick<T>(xs: readonly T[], rnd: () => number): T {
  return xs[Math.floor(rnd() * xs.length)]!;
}

function typo(w: string, rnd: () => number): string {
  if (w.length < 4) return w;
  const i = 1 + Math.floor(rnd() * (w.length - 2));
  const k = rnd();
  if (k < 0.3) return w.slice(0, i) + w.slice(i + 1); // drop
  if (k < 0.6) return w.slice(0, i) + w[i + 1] + w[i] + w.slice(i + 2); // swap
  if (k < 0.8) return w.slice(0, i) + w[i] + w.slice(i); // double
  return w.slice(0, i) + pick([...'aeiounrst'], rnd) + w.slice(i + 1); // replace
}

const ops: ReadonlyArray<(t: string, rnd: () => number) => string> = [
  // typos in one or two words
  (t, rnd) =>
    t
      .split(' ')
      .map((w) => (rnd() < 0.3 ? typo(w, rnd) : w))
      .join(' '),
  // chat spellings
  (t, rnd) => {
    let s = ` ${t} `;
    for (const [full, short] of SPELLINGS) {
      if (rnd() < 0.5 && s.toLowerCase().includes(` ${full} `)) s = s.replace(new RegExp(` ${full} `, 'i'), ` ${short} `);
      else if (rnd() < 0.3 && s.toLowerCase().includes(` ${short} `)) s = s.replace(new RegExp(` ${short} `, 'i'), ` ${full} `);
    }
    return s.trim();
  },
  // homoglyphs
  (t, rnd) => [...t].map((c) => (HOMOGLYPHS[c] && rnd() < 0.3 ? HOMOGLYPHS[c]! : c)).join(''),
  // emote padding
  (t, rnd) => {
    const e = Array.from({ length: 1 + Math.floor(rnd() * 3) }, () => pick(EMOTES, rnd)).join(' ');
    return rnd() < 0.7 ? `${t} ${e}` : `${e} ${t}`;
  },
  // word drop
  (t, rnd) => {
    const w = t.split(' ');
    if (w.length < 4) return t;
    w.splice(Math.floor(rnd() * w.length), 1);
    return w.join(' ');
  },
  // spaced letters of one word, or a word split in two ("fran chement")
  (t, rnd) => {
    const w = t.split(' ');
    const i = Math.floor(rnd() * w.length);
    const x = w[i]!;
    if (rnd() < 0.5 && x.length >= 3 && x.length <= 12) w[i] = [...x].join(' ');
    else if (x.length >= 5) {
      const cut = 2 + Math.floor(rnd() * (x.length - 3));
      w[i] = x.slice(0, cut) + ' ' + x.slice(cut);
    }
    return w.join(rnd() < 0.2 ? '  ' : ' ');
  },
  // punctuation noise inside the text ("back_ guys!", "and... still")
  (t, rnd) =>
    t
      .split(' ')
      .map((w) => (rnd() < 0.25 ? w + pick(['_', '!', '...', '*', ',', '-', '.', '?'], rnd) : w))
      .join(' '),
  // emotes between words
  (t, rnd) => {
    const w = t.split(' ');
    const n = 1 + Math.floor(rnd() * 2);
    for (let k = 0; k < n; k++) w.splice(Math.floor(rnd() * (w.length + 1)), 0, pick(EMOTES, rnd));
    return w.join(' ');
  },
  // a word said twice, or two words swapped
  (t, rnd) => {
    const w = t.split(' ');
    const i = Math.floor(rnd() * w.length);
    if (rnd() < 0.5) w.splice(i, 0, w[i]!);
    else if (i + 1 < w.length) [w[i], w[i + 1]] = [w[i + 1]!, w[i]!];
    return w.join(' ');
  },
  // case and punctuation
  (t, rnd) => {
    const k = rnd();
    const s = k < 0.3 ? t.toUpperCase() : k < 0.6 ? t.toLowerCase() : t;
    return rnd() < 0.5 ? s + pick(['?', '??', '!!', ' !', '...', ' ?'], rnd) : s.replace(/[?!.]+$/, '');
  },
];

/** One augmented view of a chat message (one to three operations). */
export function augment(text: string, rnd: () => number): string {
  let t = text;
  const n = 1 + Math.floor(rnd() * 3);
  for (let i = 0; i < n; i++) t = pick(ops, rnd)(t, rnd);
  return t.trim() || text;
}
