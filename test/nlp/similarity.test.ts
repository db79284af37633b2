import { describe, expect, test } from '@jest/globals';
import { cosine, dot, normalizeInPlace, topK, VectorMatrix } from '../../src/nlp/similarity.js';

const f32 = (...xs: number[]): Float32Array => Float32Array.from(xs);

describe('dot / cosine', () => {
  test('dot product, including lengths not a multiple of 4', () => {
    expect(dot(f32(1, 2, 3, 4, 5), f32(5, 4, 3, 2, 1))).toBe(35);
    expect(dot(f32(), f32())).toBe(0);
  });

  test('cosine is scale-invariant and bounded', () => {
    expect(cosine(f32(1, 0), f32(2, 0))).toBeCloseTo(1);
    expect(cosine(f32(1, 0), f32(0, 3))).toBeCloseTo(0);
    expect(cosine(f32(1, 1), f32(-1, -1))).toBeCloseTo(-1);
  });

  test('cosine with a zero vector is 0, never NaN', () => {
    expect(cosine(f32(0, 0), f32(1, 0))).toBe(0);
    expect(cosine(f32(0, 0), f32(0, 0))).toBe(0);
  });

  test('normalizeInPlace gives unit length and leaves zeros alone', () => {
    const v = normalizeInPlace(f32(3, 4));
    expect(v[0]).toBeCloseTo(0.6);
    expect(v[1]).toBeCloseTo(0.8);
    expect(Array.from(normalizeInPlace(f32(0, 0)))).toEqual([0, 0]);
  });
});

describe('topK', () => {
  const rows = [f32(1, 0), f32(0, 1), f32(0.8, 0.6), f32(-1, 0)];
  const matrix = new Float32Array(rows.flatMap((r) => Array.from(r)));

  test('over a contiguous matrix, best first', () => {
    expect(topK(f32(1, 0), matrix, 2).map((r) => r.index)).toEqual([0, 2]);
    const [best] = topK(f32(0, 1), matrix, 1);
    expect(best).toEqual({ index: 1, score: 1 });
  });

  test('over an array of vectors gives the same answer', () => {
    expect(topK(f32(0.6, 0.8), rows, 3)).toEqual(topK(f32(0.6, 0.8), matrix, 3));
  });

  test('k larger than n, k = 0, count and minScore', () => {
    expect(topK(f32(1, 0), matrix, 10)).toHaveLength(4);
    expect(topK(f32(1, 0), matrix, 0)).toEqual([]);
    expect(topK(f32(1, 0), matrix, 10, { count: 2 }).map((r) => r.index)).toEqual([0, 1]);
    expect(topK(f32(1, 0), matrix, 10, { minScore: 0.5 }).map((r) => r.index)).toEqual([0, 2]);
  });

  test('ties keep the lower index first', () => {
    expect(topK(f32(1, 0), [f32(1, 0), f32(1, 0), f32(1, 0)], 2).map((r) => r.index)).toEqual([0, 1]);
  });
});

describe('VectorMatrix', () => {
  test('grows, searches, drops the oldest rows', () => {
    const m = new VectorMatrix(2, 1);
    for (let i = 0; i < 10; i++) m.add(f32(Math.cos(i), Math.sin(i)));
    expect(m.size).toBe(10);
    expect(m.topK(f32(Math.cos(3), Math.sin(3)), 1)[0]!.index).toBe(3);
    m.removeFirst(4);
    expect(m.size).toBe(6);
    expect(m.row(0)[0]).toBeCloseTo(Math.cos(4));
    expect(m.topK(f32(Math.cos(4.1), Math.sin(4.1)), 1)[0]!.index).toBe(0);
    expect(m.view()).toHaveLength(12);
  });

  test('rejects vectors of the wrong length with a clear error', () => {
    const m = new VectorMatrix(3);
    expect(() => m.add(f32(1, 2))).toThrow(/length 3/);
    expect(() => m.row(0)).toThrow(RangeError);
  });
});
