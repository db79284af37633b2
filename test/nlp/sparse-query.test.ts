import { describe, expect, test } from '@jest/globals';
import { dot, dotRow, SparseQuery } from '../../src/nlp/similarity.js';
import { mulberry32 } from '../../src/util/random.js';

/** A vector of `n` components, about `density` of them non-zero (signs mixed). */
function randomVector(rnd: () => number, n: number, density: number): Float32Array {
  return Float32Array.from({ length: n }, () => (rnd() < density ? rnd() * 2 - 1 : 0));
}

describe('SparseQuery', () => {
  const rnd = mulberry32(11);
  const shapes: [number, number][] = [
    [512, 0.08],
    [512, 1],
    [384, 0.3],
    [7, 0.5],
    [5, 1],
    [1, 1],
    [0, 1],
  ];

  test.each(shapes)('dot and dotColumns are bit-identical to dot and dotRow (dim %i, density %f)', (dim, density) => {
    const rows = Array.from({ length: 20 }, () => randomVector(rnd, dim, 0.9));
    const matrix = new Float32Array(rows.length * dim);
    rows.forEach((r, i) => matrix.set(r, i * dim));
    // The transpose, with 3 unused rows at the end (a width larger than the rows asked for)
    const width = rows.length + 3;
    const transposed = new Float32Array(width * dim);
    rows.forEach((r, i) => r.forEach((x, j) => (transposed[j * width + i] = x)));
    const q = new SparseQuery();
    const out = new Float64Array(width);
    for (let trial = 0; trial < 10; trial++) {
      const v = randomVector(rnd, dim, density);
      q.load(v);
      expect(q.nonZeros).toBe(v.filter((x) => x !== 0).length);
      q.dotColumns(transposed, width, rows.length, out);
      rows.forEach((r, i) => {
        expect(Object.is(q.dot(r), dot(v, r))).toBe(true);
        expect(Object.is(out[i], dotRow(v, matrix, i, dim))).toBe(true);
      });
    }
  });

  test('a vector of another length falls back to the dense dot (first min(lengths) components)', () => {
    const v = Float32Array.from([1, 0, 2, 0, 3, 4]);
    const q = new SparseQuery().load(v);
    expect(q.dot(Float32Array.from([1, 1, 1]))).toBe(dot(v, Float32Array.from([1, 1, 1])));
    expect(q.dot(Float32Array.from([1, 1, 1]))).toBe(3);
  });

  test('a later load replaces the query, also with fewer non-zeros', () => {
    const q = new SparseQuery().load(Float32Array.from([1, 2, 3, 4, 5, 6]));
    q.load(Float32Array.from([0, 0, 0, 0, 0, 1]));
    expect(q.nonZeros).toBe(1);
    expect(q.dot(Float32Array.from([9, 9, 9, 9, 9, 2]))).toBe(2);
  });

  test('addScaledToColumn adds scale * query to one column only, as the dense update does', () => {
    const dim = 64;
    const width = 3;
    const v = randomVector(rnd, dim, 0.2);
    const transposed = Float32Array.from({ length: width * dim }, () => rnd() - 0.5);
    const expected = transposed.slice();
    for (let i = 0; i < dim; i++) expected[i * width + 1]! += 0.37 * v[i]!;
    new SparseQuery().load(v).addScaledToColumn(transposed, width, 1, 0.37);
    expect(Array.from(transposed)).toEqual(Array.from(expected));
  });
});
