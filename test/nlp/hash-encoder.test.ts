import { describe, expect, test } from '@jest/globals';
import { HashEncoder } from '../../src/nlp/hash-encoder.js';
import { dot } from '../../src/nlp/similarity.js';
import { chatSample, nearDuplicatePairs } from './chat-fixtures.js';
import { HOSTILE_CASES } from './hostile.js';

const enc = new HashEncoder();
const vec = (text: string): Float32Array => enc.encodeOne(text);
const sim = (a: string, b: string): number => dot(vec(a), vec(b));
const norm = (v: Float32Array): number => Math.sqrt(dot(v, v));

/** FNV-1a over the vector rounded to 1e-6: catches any change of hashing, weights or normalisation. */
function checksum(v: Float32Array): string {
  let h = 0x811c9dc5;
  for (const x of v) {
    const r = Math.round(x * 1e6);
    h = Math.imul(h ^ (r & 0xffff), 0x01000193);
    h = Math.imul(h ^ ((r >>> 16) & 0xffff), 0x01000193);
  }
  return (h >>> 0).toString(16).padStart(8, '0');
}

function quantile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}

/** Deterministic obfuscations a spammer or a fast typist produces. */
const HOMOGLYPHS: Record<string, string> = {
  a: 'а',
  e: 'е',
  o: 'о',
  c: 'с',
  p: 'р',
  x: 'х',
  y: 'у',
  i: 'і',
  A: 'Α',
  B: 'В',
  E: 'Ε',
  H: 'Н',
  K: 'Κ',
  M: 'М',
  O: 'О',
  T: 'Т',
};
const VARIANTS: Record<string, (s: string) => string> = {
  homoglyphs: (s) => s.replace(/[aeocpxyiABEHKMOT]/g, (c) => HOMOGLYPHS[c]!),
  'inserted spaces': (s) =>
    s
      .split(' ')
      .map((w) => [...w].join(' '))
      .join('   '),
  'stretched letters': (s) => s.replace(/([aeiou])/gi, (c) => c.repeat(5)),
  'added emotes': (s) => `${s} KEKW KEKW ponceJAM`,
  'zero-width characters': (s) => [...s].join('\u200b'),
  fullwidth: (s) => s.replace(/[!-~]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0)),
  'mathematical bold': (s) => s.replace(/[a-z]/g, (c) => String.fromCodePoint(0x1d41a + c.charCodeAt(0) - 97)),
  zalgo: (s) => s.replace(/[a-z]/gi, (c) => c + '\u0336\u0317\u0300'),
  'one typo': (s) => {
    const i = Math.floor(s.length / 2);
    return s.slice(0, i) + s.slice(i + 1);
  },
};

describe('HashEncoder: shape and bad input', () => {
  test('id names the settings; dim defaults to 512', () => {
    expect(enc.dim).toBe(512);
    expect(enc.id).toMatch(/^hash-v2:d512:/);
    expect(new HashEncoder({ dim: 256, seed: 7 }).id).not.toBe(enc.id);
  });

  test('ordinary chat gives unit vectors', async () => {
    const vs = await enc.encode(['Bonsoir à tous !', 'LUL', 'Il a quitté LREM pour le parti de Delphine Batho non, Villani ??']);
    expect(vs).toHaveLength(3);
    for (const v of vs) {
      expect(v).toBeInstanceOf(Float32Array);
      expect(v).toHaveLength(512);
      expect(norm(v)).toBeCloseTo(1, 5);
    }
  });

  test.each(HOSTILE_CASES)('%s: finite vector, unit length or the documented zero vector', async (_name, text) => {
    const [v] = await enc.encode([text]);
    expect(v).toHaveLength(512);
    expect(v!.every((x) => Number.isFinite(x))).toBe(true);
    const n = norm(v!);
    expect(n === 0 || Math.abs(n - 1) < 1e-5).toBe(true);
  });

  test('text with nothing to encode gives the zero vector', () => {
    for (const t of ['', '   \n\t', '?!... ^^', '\u200b\u200d\ufeff']) expect(norm(vec(t))).toBe(0);
  });

  test('only emoji and only emotes still get a vector', () => {
    expect(norm(vec('😂😂🔥'))).toBeCloseTo(1, 5);
    expect(norm(vec('ponceJAM ponceJAM'))).toBeCloseTo(1, 5);
    expect(sim('ponceJAM ponceJAM ponceJAM', 'ponceJAM ponceJAM')).toBeGreaterThan(0.9);
    expect(sim('ponceJAM ponceJAM', 'catJAM blobDance')).toBeLessThan(0.5);
  });

  test('non-string input does not throw', async () => {
    const [v] = await enc.encode([undefined as unknown as string]);
    expect(norm(v!)).toBe(0);
  });

  test('invalid options fail fast with the fix in the message', () => {
    expect(() => new HashEncoder({ dim: 0 })).toThrow(/dim must be an integer >= 8/);
    expect(() => new HashEncoder({ charNgrams: [5, 3] })).toThrow(/charNgrams/);
    expect(() => new HashEncoder({ weights: { chars: -1 } })).toThrow(/chars weight/);
  });
});

describe('HashEncoder: real chat', () => {
  const sample = chatSample();

  test('real near-duplicate pairs score high', () => {
    const pairs = nearDuplicatePairs();
    expect(pairs.length).toBeGreaterThanOrEqual(20);
    for (const [a, b] of pairs) {
      const s = sim(a, b);
      if (s < 0.7) throw new Error(`near-duplicates scored ${s.toFixed(3)}: "${a}" / "${b}"`);
    }
  });

  test('unrelated chat scores low, with a clear gap below near-duplicates', () => {
    const vs = sample.map((l) => vec(l.message));
    const scores: number[] = [];
    for (let i = 0; i < sample.length; i++) {
      for (let j = i + 1; j < sample.length; j++) {
        if (sample[i]!.label !== sample[j]!.label) scores.push(dot(vs[i]!, vs[j]!));
      }
    }
    scores.sort((x, y) => x - y);
    expect(scores.length).toBeGreaterThan(10_000);
    const mean = scores.reduce((x, y) => x + y, 0) / scores.length;
    expect(mean).toBeLessThan(0.06);
    expect(quantile(scores, 0.95)).toBeLessThan(0.2);
    expect(quantile(scores, 0.99)).toBeLessThan(0.3);
    const nearMin = Math.min(...nearDuplicatePairs().map(([a, b]) => sim(a, b)));
    expect(nearMin - quantile(scores, 0.99)).toBeGreaterThan(0.35);
  });

  test.each(Object.entries(VARIANTS))('%s of real messages stay near-duplicates', (name, variant) => {
    const scores = sample.map((l) => sim(l.message, variant(l.message))).sort((x, y) => x - y);
    // One deleted letter in a three-word message ("1 Sur 5" / "1 sr 5") is a real change
    const floor = name === 'one typo' ? 0.2 : 0.6;
    expect(scores[0]).toBeGreaterThan(floor);
    expect(quantile(scores, 0.5)).toBeGreaterThan(name === 'one typo' ? 0.85 : 0.9);
  });

  test('homoglyph-only rewrites are exact duplicates', () => {
    expect(sim('Вuу fоllоwеrs аt bigfollows.com', 'Buy followers at bigfollows.com')).toBeCloseTo(1, 5);
    expect(sim('ꜰʀᴇᴇ ꜰᴏʟʟᴏᴡᴇʀꜱ', 'free followers')).toBeCloseTo(1, 5);
  });

  test('spelled-out letters and leetspeak are exact duplicates of the plain text', () => {
    expect(sim('f r e e  f o l l o w e r s at bigfollows.com', 'free followers at bigfollows.com')).toBeCloseTo(1, 5);
    expect(sim('FR33 F0LL0W3RS at bigfollows.com', 'free followers at bigfollows.com')).toBeCloseTo(1, 5);
    expect(sim('fr\u200bee fol\u00adlowers at bigfollows(dot)com', 'free followers at bigfollows.com')).toBeCloseTo(1, 5);
  });

  test('messages broken up by random inserted spaces match each other and the clean text', () => {
    const clean = 'hey guys look at my new music video on my channel it would mean a lot to me';
    const a = 'h ey g u y s look at my new m u s i c v i d e o on my ch a nnel it would me an a lot to me';
    const b = 'hey g uys lo ok at my n e w music vid e o on my chan nel i t would mean a l o t to me';
    expect(sim(a, b)).toBeGreaterThan(0.8);
    expect(sim(a, clean)).toBeGreaterThan(0.8);
    expect(sim(a, 'on a pas la mer à Nantes, c est pas une ville côtière')).toBeLessThan(0.3);
  });

  test('spam keeps its domain: same text, different link domains differ', () => {
    const a = 'follow me on https://bigfollows.com/buy now';
    expect(sim(a, 'follow me on https://bigfollows.com/other now')).toBeCloseTo(1, 5);
    expect(sim(a, 'follow me on https://twitch.tv/usul now')).toBeLessThan(0.95);
  });
});

describe('HashEncoder: determinism', () => {
  test('same vector twice and across instances', async () => {
    const text = "Salut l'équipe, ce soir on a une visite de Poutoux à Genève dans 30 minutes youhouu";
    const [a] = await enc.encode([text]);
    const [b] = await enc.encode([text]);
    const [c] = await new HashEncoder().encode([text]);
    expect(Array.from(b!)).toEqual(Array.from(a!));
    expect(Array.from(c!)).toEqual(Array.from(a!));
  });

  test('a batch gives the same vectors as one by one', async () => {
    const texts = chatSample()
      .slice(0, 20)
      .map((l) => l.message);
    const batch = await enc.encode(texts);
    texts.forEach((t, i) => expect(Array.from(batch[i]!)).toEqual(Array.from(vec(t))));
  });

  test('fixed checksum of a known vector (changes if the hash function or weights change)', () => {
    const v = vec("Y a toujours beaucoup d'Usulnautes ici, prêts à assister à la droitisation lente d'Usul haha");
    expect(checksum(v)).toBe('52a5bcdf');
    expect(checksum(vec('ponceJAM ponceJAM ponceJAM'))).toBe('fcd71620');
  });

  test('the seed changes the vectors', () => {
    const t = 'Bonsoir à tous';
    expect(dot(vec(t), new HashEncoder({ seed: 1 }).encodeOne(t))).toBeLessThan(0.5);
  });
});

describe('HashEncoder: large batches', () => {
  test('yields to the event loop between chunks', async () => {
    const small = new HashEncoder({ chunkSize: 50 });
    let ticked = false;
    setImmediate(() => {
      ticked = true;
    });
    let tickedBeforeDone = false;
    await small.encode(Array.from({ length: 500 }, (_, i) => `message ${i}`)).then(() => {
      tickedBeforeDone = ticked;
    });
    expect(tickedBeforeDone).toBe(true);
  });

  test('rejects after close', async () => {
    const e = new HashEncoder();
    await e.close();
    await e.close();
    await expect(e.encode(['x'])).rejects.toThrow(/after close/);
  });
});
