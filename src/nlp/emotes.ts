import type { EmoteOffset } from '../chat/message.js';

/**
 * Emote detection for chat without emote tags (replays, sandbox) and with them (Twitch IRC).
 *
 * A token is an emote when it is:
 * - a known global Twitch, BTTV, FFZ or 7TV emote (case-sensitive: `LUL`, `Kappa`, `catJAM`), also
 *   stretched (`LUUUUL`);
 * - Twitch channel-emote shaped: a lowercase prefix of 3+ characters (letters, digits) followed by
 *   an upper-case letter (`massietGG`, `ponceJAM`, `usul20Teuf`, `jack0tLsbn`), or a known channel
 *   prefix followed by digits (`massiet20` once `massiet` is known);
 * - made of emoji only;
 * - a classic ASCII emoticon Twitch renders as an emote (`:)`, `<3`, `:D`).
 */

/** Global Twitch emotes and the most common third-party (BTTV/FFZ/7TV) emotes, as typed. */
// prettier-ignore
export const KNOWN_EMOTES: ReadonlySet<string> = new Set([
  // Twitch globals
  'Kappa', 'KappaPride', 'KappaRoss', 'Keepo', 'LUL', 'PogChamp', 'Kreygasm', 'BibleThump',
  'ResidentSleeper', 'TriHard', 'WutFace', 'NotLikeThis', 'SeemsGood', 'VoHiYo', 'HeyGuys',
  'CoolStoryBob', 'BabyRage', 'DansGame', 'SwiftRage', 'Jebaited', 'CoolCat', 'PJSalt', 'HahaSweat',
  '4Head', 'FailFish', 'SMOrc', 'MrDestructoid', 'PunOko', 'TwitchUnity', 'LesbianPride',
  'TransgenderPride', 'GayPride', 'BisexualPride', 'AsexualPride', 'PansexualPride', 'NonbinaryPride',
  'IntersexPride', 'GenderFluidPride', 'SeriousSloth', 'BloodTrail', 'CorgiDerp', 'DoritosChip',
  'FrankerZ', 'OpieOP', 'PogBones', 'PopCorn', 'ShowOfHands', 'SingsNote', 'SingsMic', 'StinkyCheese',
  'TehePelo', 'TPFufun', 'TwitchLit', 'TwitchRPG', 'TwitchSings', 'TwitchVotes', 'UWot', 'VirtualHug',
  'KomodoHype', 'Kippa', 'MingLee', 'MorphinTime', 'NomNom', 'OhMyDog', 'OSFrog', 'PanicVis',
  'PartyHat', 'PartyTime', 'PeoplesChamp', 'PermaSmug', 'PicoMause', 'PinkMercy', 'PipeHype',
  'PixelBob', 'PowerUpL', 'PowerUpR', 'PraiseIt', 'PrimeMe', 'RaccAttack', 'RalpherZ', 'RedCoat',
  'RitzMitz', 'RlyTho', 'RuleFive', 'SabaPing', 'SSSsss', 'StinkyGlitch', 'StoneLightning',
  'StrawBeary', 'SUBprise', 'TakeNRG', 'TearGlove', 'TBAngel', 'TheIlluminati', 'TheRinger',
  'TheTarFu', 'TheThing', 'ThunBeast', 'TombRaid', 'TooSpicy', 'TwitchConHYPE',
  'UnSane', 'WholeWheat', 'YouDontSay', 'YouWHY', 'GlitchCat', 'GlitchLit', 'GivePLZ',
  'HSCheers', 'HSWP', 'DxCat', 'EarthDay', 'EleGiggle', 'FBCatch', 'FUNgineer', 'FutureMan',
  'GunRun', 'HotPokket', 'InuyoFace', 'ItsBoshyTime', 'Jebasted', 'JKanStyle', 'KAPOW', 'KevinTurtle',
  'Kissahomie', 'KonCha', 'MikeHogu', 'MercyWing1', 'MercyWing2', 'MVGame', 'NinjaGrumpy',
  'BCWarrior', 'BegWan', 'BigBrother', 'BigPhish', 'BOP', 'BrainSlug', 'BrokeBack', 'BuddhaBar',
  'CarlSmile', 'ChefFrank', 'CurseLit', 'DAESuppy', 'DarkMode', 'DendiFace', 'DogFace', 'EntropyWins',
  'FallCry', 'FallHalp', 'FallWinning', 'FreakinStinkin', 'GrammarKing', 'HassaanChop', 'ANELE',
  'ArgieB8', 'ArsonNoSexy', 'AsianGlow', 'BatChest', 'CrreamAwk', 'duDudu',
  // third-party (BTTV / FFZ / 7TV)
  'KEKW', 'OMEGALUL', 'LULW', 'Pog', 'PogU', 'POGGERS', 'Poggers', 'PogO', 'PauseChamp', 'WeirdChamp',
  'monkaS', 'monkaW', 'monkaHmm', 'monkaGIGA', 'PepeHands', 'PepeLaugh', 'Pepega', 'peepoHappy',
  'peepoSad', 'peepoClap', 'widepeepoHappy', 'widepeepoSad', 'FeelsBadMan', 'FeelsGoodMan',
  'FeelsStrongMan', 'FeelsOkayMan', 'FeelsWeirdMan', 'FeelsDankMan', 'Sadge', 'Madge', 'Okayge',
  'Bedge', 'Clap', 'EZ', 'EZY', 'catJAM', 'blobDance', 'pepeD', 'pepeJAM', 'pepeMeltdown',
  'ratJAM', 'Kapp', 'Copium', 'COPIUM', 'Hopium', 'Susge', 'SUSSY', 'xdd', 'xqcL',
  'forsenCD', 'gachiGASM', 'gachiHYPER', 'gachiBASS', 'haHAA', 'HYPERS', 'ppL', 'ppOverheat',
  'NODDERS', 'NOPERS', 'AYAYA', 'WAYTOODANK', 'TriKool', 'SourPls', 'ricardoFlick',
  'CiGrip', 'DatSauce', 'FeelsAmazingMan', 'FeelsBirthdayMan', 'GabeN', 'HailHelix', 'KKona',
  'LuL', 'M&Mjc', 'NaM', 'RarePepe', 'SaltyCorn', 'ShoopDaWhoop', 'TaxiBro', 'VapeNation', 'cvHazmat',
  'cvMask', 'monkaOMEGA', 'FeelsRainMan', 'OMEGADANCE', 'PETTHEPEEPO', 'HYPERCLAP', 'BOOBA',
  'TriDance', 'modCheck', 'Jammies', 'jamm', 'docJAM', 'borpaSpin', 'Deadge', 'Wokege',
  'Gladge', 'Smoge', 'ICANT', 'GIGACHAD', 'Gigachad', 'Kekw', 'xD', 'XD',
  // ASCII emoticons Twitch renders as emotes
  ':)', ':(', ':D', ':O', ':o', ':/', ':\\', ';)', ';P', ':P', ':p', ';p', 'R)', 'B)', 'O_o', 'o_O',
  ':Z', ':|', '>(', '<3',
]);

/** Runs of a repeated character collapsed to one ("LUUUUL" -> "LUL"). */
function collapseRuns(s: string): string {
  return s.replace(/(.)\1+/gsu, '$1');
}

/** Known emotes with runs collapsed, so stretched ones ("LUUUUL", "Kaaappa") are still known. */
const KNOWN_COLLAPSED: ReadonlySet<string> = new Set([...KNOWN_EMOTES].map(collapseRuns));

/** Twitch channel-emote shape: lowercase prefix (3+ chars incl. digits) then an upper-case letter. */
const CHANNEL_EMOTE_RE = /^[a-z][a-z0-9]{2,14}[A-Z][A-Za-z0-9_]*$/;
/** Prefix + digits-only suffix (`massiet20`): an emote only when the prefix is known. */
const DIGIT_SUFFIX_RE = /^([a-z][a-z0-9]*?[a-z])([0-9]{1,4})$/;
/** Only emoji (pictographs, skin tones, ZWJ, variation selectors, keycaps, flags). */
const EMOJI_ONLY_RE = /^(?:\p{Extended_Pictographic}|\p{Emoji_Modifier}|\p{Regional_Indicator}|[\u200D\uFE0E\uFE0F\u20E3])+$/u;
const HAS_PICTOGRAPH_RE = /\p{Extended_Pictographic}|\p{Regional_Indicator}/u;
const LOWER_PREFIX_RE = /^([a-z][a-z0-9]{2,14})[A-Z]/;

/** Options of the emote heuristics. */
export interface EmoteOptions {
  /**
   * Extra exact emote names (e.g. the channel's own 7TV set). Default: none.
   */
  extraEmotes?: ReadonlySet<string>;
  /**
   * Known channel emote prefixes (`massiet`), so that `massiet20` counts. Default: none, plus
   * the prefixes of other channel-style emotes found in the same message (for `emoteShare`).
   */
  channelPrefixes?: ReadonlySet<string>;
}

/** The channel prefix of a channel-style emote (`massietGG` -> `massiet`), or undefined. */
export function channelPrefixOf(token: string): string | undefined {
  if (!CHANNEL_EMOTE_RE.test(token)) return undefined;
  return LOWER_PREFIX_RE.exec(token)?.[1];
}

/** True for a single whitespace-free token that is an emote (see module docs). Never throws. */
export function isEmoteToken(token: string, options: EmoteOptions = {}): boolean {
  if (typeof token !== 'string' || token.length === 0 || token.length > 64) return false;
  if (KNOWN_EMOTES.has(token) || options.extraEmotes?.has(token)) return true;
  if (/(.)\1/su.test(token) && KNOWN_COLLAPSED.has(collapseRuns(token))) return true;
  if (CHANNEL_EMOTE_RE.test(token)) return true;
  if (options.channelPrefixes && options.channelPrefixes.size > 0) {
    const m = DIGIT_SUFFIX_RE.exec(token);
    if (m && options.channelPrefixes.has(m[1]!)) return true;
  }
  return HAS_PICTOGRAPH_RE.test(token) && EMOJI_ONLY_RE.test(token);
}

/** Emote and word counts of a message; `emotes` are Twitch emote tags (offsets) when available. */
export function countEmotes(text: string, emotes?: readonly EmoteOffset[], options: EmoteOptions = {}): { words: number; emotes: number } {
  if (typeof text !== 'string' || text.length === 0) return { words: 0, emotes: 0 };
  // Tagged ranges: trust Twitch for those words
  const tagged = new Set<number>();
  if (emotes && emotes.length > 0) {
    for (const e of emotes) if (Number.isInteger(e.start) && e.start >= 0) tagged.add(e.start);
  }
  const words: { w: string; start: number }[] = [];
  const re = /\S+/gu;
  for (let m = re.exec(text); m; m = re.exec(text)) words.push({ w: m[0], start: m.index });
  // Channel prefixes seen in this message make `prefix + digits` count too
  let prefixes = options.channelPrefixes;
  for (const { w } of words) {
    const p = channelPrefixOf(w);
    if (p && !prefixes?.has(p)) {
      if (prefixes === options.channelPrefixes) prefixes = new Set(prefixes ?? []);
      (prefixes as Set<string>).add(p);
    }
  }
  const opts: EmoteOptions = { ...options, ...(prefixes ? { channelPrefixes: prefixes } : {}) };
  let count = 0;
  for (const { w, start } of words) if (tagged.has(start) || isEmoteToken(w, opts)) count++;
  return { words: words.length, emotes: count };
}

/**
 * Share of a message's words that are emotes, in [0, 1] (0 for empty text).
 * @param emotes Twitch emote tags of the message (`ChatMessage.emotes`), when available
 */
export function emoteShare(text: string, emotes?: readonly EmoteOffset[], options: EmoteOptions = {}): number {
  const c = countEmotes(text, emotes, options);
  return c.words === 0 ? 0 : c.emotes / c.words;
}

/** True when the message has at least one word and every word is an emote. */
export function isEmoteOnly(text: string, emotes?: readonly EmoteOffset[], options: EmoteOptions = {}): boolean {
  const c = countEmotes(text, emotes, options);
  return c.words > 0 && c.emotes === c.words;
}

/** The message with emote words removed (whitespace-joined); used to compare the text around emotes. */
export function stripEmotes(text: string, emotes?: readonly EmoteOffset[], options: EmoteOptions = {}): string {
  if (typeof text !== 'string') return '';
  const tagged = new Set<number>();
  for (const e of emotes ?? []) tagged.add(e.start);
  const kept: string[] = [];
  const re = /\S+/gu;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    if (!tagged.has(m.index) && !isEmoteToken(m[0], options)) kept.push(m[0]);
  }
  return kept.join(' ');
}
