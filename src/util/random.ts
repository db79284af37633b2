/**
 * Deterministic pseudo-random numbers (mulberry32): the same seed gives the same sequence on every
 * machine, for reproducible hyperplanes, samples and synthetic data.
 * @returns a function giving numbers in [0, 1)
 */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/**
 * Index of the first entry of an ascending cumulative-weight array that is >= `x` (binary search),
 * i.e. the category that a uniform draw `x` in [0, last entry) falls into.
 */
export function searchCumulative(cdf: ArrayLike<number>, x: number): number {
  let lo = 0;
  let hi = cdf.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (cdf[mid]! < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
