/** A Twitch emote the sandbox recognises in messages (channel emotes and a few globals). */
export interface SandboxEmote {
  /** Twitch emote id (any string without `:`, `/`, `,`). */
  id: string;
  /** The exact word that produces the emote, e.g. `massietGG`. */
  name: string;
}

/**
 * Default emotes: the channel emotes of the bundled Backseat excerpt, other channels' emotes seen
 * in it and some Twitch globals. Third-party emotes (BTTV/7TV: `catJAM`, `KEKW`) are plain text on
 * Twitch and get no `emotes` tag, so they are not listed.
 */
export const DEFAULT_EMOTES: readonly SandboxEmote[] = [
  ...[
    'massietInfochat',
    'massietJEAN',
    'massietMassiet',
    'massietROUGE',
    'massietCOOKIE',
    'massietBoomer',
    'massietClap',
    'massietArgent',
    'massiet20',
    'massietGG',
    'massietBonjour',
  ].map((name, i) => ({ id: `emotesv2_sandbox${String(i + 1).padStart(2, '0')}`, name })),
  // Other channels' emotes seen in the excerpt (usable anywhere by their subscribers).
  ...[
    'ponceJAM',
    'ponceFLEUR',
    'ponceCOEUR',
    'ponceCOEURX',
    'ponceOVERTOAD',
    'accroBonjour',
    'accroDab',
    'accroClap',
    'accroHmm',
    'accroCoeur',
    'usul20Teuf',
    'usul20Cotenteuf',
  ].map((name, i) => ({ id: `emotesv2_other${String(i + 1).padStart(2, '0')}`, name })),
  { id: '25', name: 'Kappa' },
  { id: '425618', name: 'LUL' },
  { id: '88', name: 'PogChamp' },
  { id: '41', name: 'Kreygasm' },
  { id: '354', name: '4Head' },
  { id: '86', name: 'BibleThump' },
  { id: '245', name: 'ResidentSleeper' },
  { id: '81274', name: 'VoHiYo' },
  { id: '1902', name: 'Keepo' },
  { id: '28087', name: 'WutFace' },
  { id: '58765', name: 'NotLikeThis' },
  { id: '120232', name: 'TriHard' },
  { id: '64138', name: 'SeemsGood' },
  { id: '555555584', name: '<3' },
];

/** One emote occurrence in Twitch's convention: code-point indices, `end` inclusive. */
export interface EmoteRange {
  id: string;
  name: string;
  start: number;
  end: number;
}

/**
 * Finds emotes in `text` like Twitch does: whole space-separated words equal to an emote name.
 * Offsets count Unicode code points (not UTF-16 units) and `end` is inclusive, as in the tag.
 */
export function findEmotes(text: string, emotes: readonly SandboxEmote[]): EmoteRange[] {
  const byName = new Map<string, SandboxEmote>();
  for (const e of emotes) if (!byName.has(e.name)) byName.set(e.name, e);
  const out: EmoteRange[] = [];
  const chars = Array.from(text);
  let i = 0;
  while (i < chars.length) {
    if (chars[i] === ' ') {
      i++;
      continue;
    }
    let j = i;
    while (j < chars.length && chars[j] !== ' ') j++;
    const emote = byName.get(chars.slice(i, j).join(''));
    if (emote) out.push({ id: emote.id, name: emote.name, start: i, end: j - 1 });
    i = j;
  }
  return out;
}

/** Formats occurrences as the `emotes` tag value: `25:0-4,12-16/1902:6-10` (ids in first-seen order). */
export function emotesTag(ranges: readonly EmoteRange[]): string {
  const byId = new Map<string, string[]>();
  for (const r of ranges) {
    const list = byId.get(r.id) ?? [];
    list.push(`${r.start}-${r.end}`);
    byId.set(r.id, list);
  }
  return [...byId].map(([id, list]) => `${id}:${list.join(',')}`).join('/');
}
