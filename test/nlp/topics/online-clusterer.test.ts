import { describe, expect, it } from '@jest/globals';
import type { ClusterItem } from '../../../src/nlp/topics/clusterer.js';
import { OnlineClusterer } from '../../../src/nlp/topics/online-clusterer.js';

const DIM = 16;
const MIN = 60_000;

/** Unit vector mostly along axis `axis`, with a small deterministic wobble (`seed`). */
function vec(axis: number, seed = 0, wobble = 0.15): Float32Array {
  const v = new Float32Array(DIM);
  v[axis] = 1;
  v[(axis + 1 + (seed % (DIM - 1))) % DIM]! += wobble;
  const n = Math.hypot(...v);
  return v.map((x) => x / n);
}

/** Unit vector at angle with cosine `c` to axis 0, in the plane of axes 0 and 1. */
function atCos(c: number): Float32Array {
  const v = new Float32Array(DIM);
  v[0] = c;
  v[1] = Math.sqrt(1 - c * c);
  return v;
}

const item = (vector: Float32Array, time: number): ClusterItem => ({ vector, time });

describe('OnlineClusterer', () => {
  it('puts each message in the nearest cluster above the threshold, or starts one', () => {
    const c = new OnlineClusterer({ threshold: 0.8 });
    const ids = [0, 1, 2, 0, 1, 2, 0, 0].map((axis, i) => c.add(item(vec(axis, i), i * 1000)));
    expect(new Set(ids).size).toBe(3);
    expect(ids[3]).toBe(ids[0]);
    expect(ids[4]).toBe(ids[1]);
    expect(ids[7]).toBe(ids[0]);
    const views = c.clusters(8000);
    expect(views.map((v) => v.count)).toEqual([4, 2, 2]);
    expect(views[0]!.id).toBe(ids[0]);
    // centroids are unit vectors pointing along their axis
    expect(Math.hypot(...views[0]!.centroid)).toBeCloseTo(1, 5);
    expect(views[0]!.centroid[0]).toBeGreaterThan(0.95);
  });

  it('skips messages without a vector and rejects a vector of another encoder', () => {
    const c = new OnlineClusterer();
    expect(c.add(item(new Float32Array(DIM), 0))).toBe(-1);
    expect(c.add(item(new Float32Array(DIM).fill(Number.NaN), 0))).toBe(-1);
    expect(c.size).toBe(0);
    c.add(item(vec(0), 0));
    expect(() => c.add(item(new Float32Array(8).fill(0.5), 1))).toThrow(/Fix:/);
  });

  it('lets clusters fade: counted within the window, expired after the horizon', () => {
    const c = new OnlineClusterer({ threshold: 0.8, horizonMs: 10 * MIN, halfLifeMs: 5 * MIN });
    for (let i = 0; i < 5; i++) c.add(item(vec(0, i), i * 10_000));
    expect(c.clusters(5 * MIN)[0]!.count).toBe(5);
    // a 2-minute window 5 minutes later sees nothing of it
    expect(c.clusters(7 * MIN, 2 * MIN)).toHaveLength(0);
    // the horizon after the last message, the cluster is gone
    expect(c.clusters(40_000 + 10 * MIN + 1)).toHaveLength(0);
    // and a new message at that time does not join it
    const before = c.clusters(5 * MIN)[0]!.id;
    const id = c.add(item(vec(0, 9), 40_000 + 10 * MIN + 1));
    expect(id).not.toBe(before);
    expect(c.size).toBe(1);
  });

  it('decays weights with the half-life', () => {
    const c = new OnlineClusterer({ threshold: 0.8, horizonMs: 10 * MIN, halfLifeMs: 5 * MIN, bucketMs: 1000 });
    for (let i = 0; i < 4; i++) c.add(item(vec(0, i), i));
    for (let i = 0; i < 4; i++) c.add(item(vec(1, i), 5 * MIN + i));
    const [recent, old] = c.clusters(5 * MIN + 10);
    expect(recent!.count).toBe(4);
    expect(old!.count).toBe(4);
    expect(old!.weight / recent!.weight).toBeCloseTo(0.5, 2);
  });

  it('merges clusters whose centroids come close', () => {
    const merges: [number, number][] = [];
    const c = new OnlineClusterer({ threshold: 0.8, mergeThreshold: 0.6, onMerge: (from, into) => merges.push([from, into]) });
    const a = c.add(item(atCos(1), 0));
    c.add(item(atCos(1), 1));
    // cosine 0.7: not enough to join (0.8), enough to merge (0.6)
    const b = c.add(item(atCos(0.7), 2));
    expect(c.size).toBe(1);
    expect(b).toBe(a);
    expect(merges).toHaveLength(1);
    expect(merges[0]![1]).toBe(a);
    expect(c.clusters(3)[0]!.count).toBe(3);

    const apart = new OnlineClusterer({ threshold: 0.8, mergeThreshold: 0.75 });
    apart.add(item(atCos(1), 0));
    apart.add(item(atCos(0.7), 1));
    expect(apart.size).toBe(2);
  });

  it('caps the number of live clusters by evicting the lightest', () => {
    const c = new OnlineClusterer({ threshold: 0.9, maxClusters: 4 });
    const heavy = c.add(item(vec(0, 0, 0), 0));
    for (let i = 1; i < 6; i++) c.add(item(vec(0, 0, 0), i));
    for (let axis = 1; axis <= 8; axis++) c.add(item(vec(axis, 0, 0), 100 + axis));
    expect(c.size).toBe(4);
    const ids = c.clusters(200).map((v) => v.id);
    expect(ids).toContain(heavy);
    // the cap also bounds memory: a long stream of distinct messages stays at the cap
    for (let i = 0; i < 300; i++) c.add(item(vec(i % DIM, i), 1000 + i));
    expect(c.size).toBeLessThanOrEqual(4);
  });

  it('keeps bounded samples, recent ones included', () => {
    const c = new OnlineClusterer({ threshold: 0.5, recentSamples: 5, reservoirSamples: 3 });
    for (let i = 0; i < 500; i++) c.add(item(vec(0, i, 0.05), i * 100));
    const [view] = c.clusters(50_000);
    expect(view!.count).toBe(500);
    expect(view!.samples.length).toBeLessThanOrEqual(8);
    expect(view!.samples[view!.samples.length - 1]!.time).toBe(499 * 100);
  });

  it('stays exact over a stream much longer than the half-life (decay rescaling)', () => {
    const c = new OnlineClusterer({ threshold: 0.8, horizonMs: 100_000, halfLifeMs: 1000 });
    let id = -1;
    for (let t = 0; t < 90_000; t += 500) {
      const next = c.add(item(vec(0, t), t));
      if (id >= 0) expect(next).toBe(id);
      id = next;
      c.add(item(vec(3, t), t + 1));
    }
    const views = c.clusters(90_000);
    expect(views).toHaveLength(2);
    for (const v of views) {
      expect(Number.isFinite(v.weight)).toBe(true);
      expect(Math.hypot(...v.centroid)).toBeCloseTo(1, 4);
    }
    // a message on axis 3 still finds its cluster
    expect(c.add(item(vec(3, 1), 90_001))).toBe(views.find((v) => v.centroid[3]! > 0.9)!.id);
  });
});
