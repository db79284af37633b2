import { describe, expect, it } from '@jest/globals';
import { adjustedRandIndex, normalizedMutualInfo } from '../../../src/nlp/topics/metrics.js';

describe('normalizedMutualInfo', () => {
  it('is 1 for identical partitions, whatever the label names', () => {
    expect(normalizedMutualInfo([0, 0, 1, 1, 2], ['a', 'a', 'b', 'b', 'c'])).toBeCloseTo(1, 12);
  });

  it('matches a hand-computed value (scikit-learn, arithmetic normalisation)', () => {
    // H(a) = ln 2, H(b) = 1.5 ln 2, MI = ln 2 -> 1 / 1.25
    expect(normalizedMutualInfo([0, 0, 1, 1], [0, 0, 1, 2])).toBeCloseTo(0.8, 12);
  });

  it('is 0 for independent partitions and when one side is a single cluster', () => {
    expect(normalizedMutualInfo([0, 0, 1, 1], [0, 1, 0, 1])).toBeCloseTo(0, 12);
    expect(normalizedMutualInfo([0, 0, 0, 0], [0, 1, 2, 3])).toBe(0);
  });

  it('refuses labelings of different lengths', () => {
    expect(() => normalizedMutualInfo([0, 1], [0])).toThrow(/different sizes/);
  });
});

describe('adjustedRandIndex', () => {
  it('is 1 for identical partitions', () => {
    expect(adjustedRandIndex([1, 1, 2, 2, 3], ['x', 'x', 'y', 'y', 'z'])).toBeCloseTo(1, 12);
  });

  it('matches known values', () => {
    // scikit-learn documentation examples
    expect(adjustedRandIndex([0, 0, 1, 1], [0, 0, 1, 2])).toBeCloseTo(0.5714285714285715, 12);
    expect(adjustedRandIndex([0, 0, 1, 2], [0, 0, 1, 1])).toBeCloseTo(0.5714285714285715, 12);
    expect(adjustedRandIndex([0, 0, 1, 1], [0, 1, 0, 1])).toBeCloseTo(-0.5, 12);
    expect(adjustedRandIndex([0, 0, 0, 1, 1, 1], [0, 0, 1, 1, 2, 2])).toBeCloseTo(0.24242424242424243, 12);
  });

  it('is 0 for all singletons against one cluster', () => {
    expect(adjustedRandIndex([0, 0, 0, 0], [0, 1, 2, 3])).toBeCloseTo(0, 12);
  });
});
