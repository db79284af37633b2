import { describe, expect, test } from '@jest/globals';
import { HashEncoder } from '../../src/nlp/hash-encoder.js';
import { SimHashIndex } from '../../src/moderation/simhash-index.js';
import { mulberry32 } from '../../src/util/random.js';

/** The signature by definition: bit = sign of the vector's dot with each hyperplane, one plane at a time. */
function referenceBits(v: Float32Array, bits: number, seed: number): number[] {
  const rnd = mulberry32(seed);
  const planes = Float32Array.from({ length: bits * v.length }, () => rnd() + rnd() + rnd() - 1.5);
  const out: number[] = [];
  for (let b = 0; b < bits; b++) {
    let s = 0;
    for (let i = 0; i < v.length; i++) if (v[i] !== 0) s += v[i]! * planes[i * bits + b]!;
    out.push(s >= 0 ? 1 : 0);
  }
  return out;
}

const bitsOf = (packed: Uint32Array, n: number): number[] => Array.from({ length: n }, (_, p) => (packed[p >>> 5]! >>> (p & 31)) & 1);

describe('SimHashIndex.signature', () => {
  const seed = 0x5eed;

  test('has the sign bits of the hyperplane dots, for 0 to 9 non-zeros and dense vectors', () => {
    const idx = new SimHashIndex<number>({ bands: 6, rows: 8, seed });
    const rnd = mulberry32(3);
    for (let nz = 0; nz <= 9; nz++) {
      const v = new Float32Array(40);
      for (let k = 0; k < nz; k++) v[Math.floor(rnd() * 40)] = rnd() * 2 - 1;
      expect(bitsOf(idx.signature(v).packed, idx.bits)).toEqual(referenceBits(v, idx.bits, seed));
    }
    const dense = Float32Array.from({ length: 40 }, () => rnd() * 2 - 1);
    expect(bitsOf(idx.signature(dense).packed, idx.bits)).toEqual(referenceBits(dense, idx.bits, seed));
  });

  test('a vector signed before gets its signature back; an equal copy gets an equal one', async () => {
    const enc = new HashEncoder();
    const [a, b] = await enc.encode(['everyone type this in chat', 'buy cheap followers on bigfollows .com']);
    await enc.close();
    const idx = new SimHashIndex<number>();
    const sa = idx.signature(a!);
    const sb = idx.signature(b!);
    expect(idx.signature(a!)).toBe(sa);
    expect(Array.from(idx.signature(a!.slice()).packed)).toEqual(Array.from(sa.packed));
    expect(Array.from(sb.packed)).not.toEqual(Array.from(sa.packed));
  });
});
