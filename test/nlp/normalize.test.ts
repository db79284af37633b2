import { describe, expect, test } from '@jest/globals';
import { LATIN_VARIANTS, LEXICAL_FOLDS, SCRIPT_CONFUSABLES } from '../../src/nlp/homoglyphs.js';
import { extractUrls, MAX_NORMALIZE_INPUT, normalizeForModel, normalizeText, tokenizeWords } from '../../src/nlp/normalize.js';
import { HOSTILE_INPUTS } from './hostile.js';

describe('normalizeText', () => {
  test.each([
    ['lowercase, accents folded, whitespace collapsed', '  Bonsoir   À TOUS  ', 'bonsoir a tous'],
    ['runs of 3+ identical characters squeezed to 2', 'Bonsoiiiiiir !!!!!', 'bonsoiir !!'],
    ['fullwidth', 'Ｂｏｎｊｏｕｒ', 'bonjour'],
    ['mathematical bold and script letters', '𝐅𝐑𝐄𝐄 𝓯𝓸𝓵𝓵𝓸𝔀𝓮𝓻𝓼', 'free followers'],
    ['circled, parenthesized and negative squared letters', 'ⓕⓡⓔⓔ ⒡⒭⒠⒠ 🅵🆁🅴🅴', 'free free free'],
    ['small capitals', 'ꜰʀᴇᴇ ᴄʜᴀᴛ', 'free chat'],
    ['Cyrillic and Greek look-alikes inside Latin words', 'Вuу fоllоwеrs Νοw', 'buy followers now'],
    ['a whole word of look-alikes', 'ѕсаm', 'scam'],
    ['zero-width, bidi and tag characters removed', 'fr\u200bee\u200d fol\u2060low\u202eers\u202c\u{e0041}', 'free followers'],
    ['blank fillers become spaces', 'free\u2800followers\u3164now', 'free followers now'],
    ['variation selectors and soft hyphens removed', 'fo\u00adllow\ufe0fers', 'followers'],
    ['zalgo marks stripped', 'Z̸̢̛̤͓̈́a̵̱͝l̶̰̓g̷̣̾o̸̬͐', 'zalgo'],
    ['ligatures and letters accent folding does not decompose', 'Œuvre cœur Straße Łódź', 'oeuvre coeur strasse lodz'],
    ['mentions become @mention', 'merci @Usul_Off et @ponce !', 'merci @mention et @mention !'],
    ['URLs keep their domain', 'go https://WWW.Big-Follows.com/buy?x=1 now', 'go url:big-follows.com now'],
    ['bare domains and obfuscated dots', 'visit bigfollows(dot)com today', 'visit url:bigfollows.com today'],
    ['leetspeak inside words', 'FR33 f0ll0w3rs on b1gf0ll0ws.com', 'free followers on url:b1gf0ll0ws.com'],
    [
      'numbers, times and emotes with digits keep their digits',
      '2 invités à 20h30, 1er tour 2022 mp3 massiet20 usul20Teuf 500euros 5ème',
      '2 invites a 20h30, 1er tour 2022 mp3 massiet20 usul20teuf 500euros 5eme',
    ],
    ['spelled-out letters joined', 'f r e e  f o l l o w e r s', 'free followers'],
    ['spelled-out words with double spaces, two-letter words included', 'L e  B  w o r d  e t  c a', 'le b word et ca'],
    [
      'French single-letter words are not spelled-out text',
      'y a t il un débat ? il y a à peine 4 mecs, il y a 5%',
      'y a t il un debat ? il y a a peine 4 mecs, il y a 5%',
    ],
    ['spelled-out words with single spaces', 'M E R C I  S A L U T', 'merci salut'],
    ['spelled-out with dots or dashes', 'f.r.e.e b-u-y', 'free buy'],
    ['control characters become spaces', 'salut\u0000les\tamis\nça\u0007va', 'salut les amis ca va'],
  ])('%s', (_name, input, expected) => {
    expect(normalizeText(input)).toBe(expected);
  });

  test('every entry of the homoglyph tables folds to Latin letters inside a Latin word', () => {
    const tables = [SCRIPT_CONFUSABLES, LATIN_VARIANTS, LEXICAL_FOLDS];
    expect(tables.reduce((n, t) => n + t.size, 0)).toBeGreaterThan(250);
    for (const table of tables) {
      for (const [cp, latin] of table) {
        const ch = String.fromCodePoint(cp);
        expect(cp).toBeGreaterThan(0x7f);
        const expected = `ab${latin.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase()}cd`;
        if (normalizeText(`ab${ch}cd`) !== expected) throw new Error(`U+${cp.toString(16)} ${ch} -> ${normalizeText(`ab${ch}cd`)}, expected ${expected}`);
      }
    }
  });

  test('real Russian text keeps its letters (no forced folding of whole-script words)', () => {
    expect(normalizeText('привет как дела')).toBe('привет как дела');
  });

  test('ordinary French chat is only lowercased and accent-folded', () => {
    expect(normalizeText("Y a toujours beaucoup d'Usulnautes ici, prêts à assister")).toBe("y a toujours beaucoup d'usulnautes ici, prets a assister");
  });

  test('is idempotent on its own output', () => {
    for (const s of ['Bonsoiiiir À TOUS @Usul https://x.com go.sub.example.com/a', 'mail a@b.fr', 'Вuу fоllоwеrs', 'f r e e stuff', ...HOSTILE_INPUTS]) {
      const once = normalizeText(s);
      expect(normalizeText(once)).toBe(once);
    }
  });

  test('never throws and returns bounded output on hostile input', () => {
    for (const s of HOSTILE_INPUTS) {
      const out = normalizeText(s);
      expect(typeof out).toBe('string');
      expect(out.length).toBeLessThanOrEqual(MAX_NORMALIZE_INPUT * 2);
      expect(out).not.toMatch(/[\u0000-\u001f\u200b-\u200f\u202a-\u202e]/);
      expect(out).not.toMatch(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/);
    }
  });

  test('non-string input is coerced, not thrown on', () => {
    expect(normalizeText(undefined)).toBe('');
    expect(normalizeText(null)).toBe('');
    expect(normalizeText(42)).toBe('42');
    expect(
      normalizeText({
        toString: () => {
          throw new Error('hostile');
        },
      }),
    ).toBe('');
  });
});

describe('normalizeForModel', () => {
  test('keeps case, accents, mentions and URLs', () => {
    expect(normalizeForModel('Bonsoir À tous @Usul https://www.twitch.tv/x')).toBe('Bonsoir À tous @Usul https://www.twitch.tv/x');
  });

  test('folds homoglyphs, strips invisibles and zalgo, squeezes, joins spelled-out letters', () => {
    expect(normalizeForModel('Вuу\u200b fоllоwеrs Z̸̢̛a̵l̶g̷o̸ loooool f r e e')).toBe('Buy followers Zalgo lool free');
  });

  test('never throws on hostile input', () => {
    for (const s of HOSTILE_INPUTS) expect(typeof normalizeForModel(s)).toBe('string');
  });
});

describe('tokenizeWords', () => {
  test('splits on punctuation and apostrophes, keeps url, mention, +1 and emoji tokens', () => {
    expect(tokenizeWords(normalizeText("l'équipe +1 @Usul voit bit.ly/x 😂😂 !!"))).toEqual([
      'l',
      'equipe',
      '+1',
      '@mention',
      'voit',
      'url:bit.ly',
      '😂',
      '😂',
    ]);
  });

  test('empty and punctuation-only text has no tokens', () => {
    expect(tokenizeWords('')).toEqual([]);
    expect(tokenizeWords(normalizeText('?!... ^^'))).toEqual([]);
  });
});

describe('extractUrls', () => {
  test('finds scheme, www and bare-domain links with their domains', () => {
    expect(extractUrls('see https://Twitch.tv/usul, www.youtube.com/watch?v=1 and bigfollows.com/x.')).toEqual([
      { url: 'https://Twitch.tv/usul', domain: 'twitch.tv' },
      { url: 'www.youtube.com/watch?v=1', domain: 'youtube.com' },
      { url: 'bigfollows.com/x', domain: 'bigfollows.com' },
    ]);
  });

  test('sees through homoglyphs, invisibles and (dot) in domains', () => {
    expect(extractUrls('bіgfоllоws\u200b.com').map((u) => u.domain)).toEqual(['bigfollows.com']);
    expect(extractUrls('bigfollows (dot) com').map((u) => u.domain)).toEqual(['bigfollows.com']);
    expect(extractUrls('primes viewerz here: growtwitch .xyz bro').map((u) => u.domain)).toEqual(['growtwitch.xyz']);
    expect(normalizeText('top viewerz on viewerlabs .net')).toBe('top viewerz on url:viewerlabs.net');
  });

  test('ordinary chat has no URLs', () => {
    expect(extractUrls("Il a quitté LREM pour le parti de Delphine Batho non, Villani ?? 20h30 c'est ok.")).toEqual([]);
  });

  test('never throws on hostile input', () => {
    for (const s of HOSTILE_INPUTS) expect(Array.isArray(extractUrls(s))).toBe(true);
  });
});
