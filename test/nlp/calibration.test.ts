import { describe, expect, test } from '@jest/globals';
import type { Encoder } from '../../src/nlp/encoder.js';
import { HashEncoder } from '../../src/nlp/hash-encoder.js';
import { Calibrator } from '../../src/nlp/calibration/calibrator.js';
import { measureNull, rateAtOrAbove, simForRate } from '../../src/nlp/calibration/null-distribution.js';
import { referenceChat } from '../../src/nlp/calibration/reference-chat.js';
import { ThresholdScale } from '../../src/nlp/calibration/threshold-scale.js';
import { SharedEncoder } from '../../src/nlp/shared-encoder.js';
import { dot } from '../../src/nlp/similarity.js';
import { CalibrationStore } from '../../src/store/calibration-store.js';
import { Store } from '../../src/store/store.js';

/**
 * An anisotropic encoder, like many sentence models: the hash encoder's vector squeezed into a
 * narrow cone around one direction (every pair of unrelated messages near cosine 0.8).
 */
class AnisotropicEncoder implements Encoder {
  readonly id = 'aniso-test-v1';
  readonly dim = 513;
  calls = 0;
  private readonly hash = new HashEncoder();
  async encode(texts: readonly string[]): Promise<Float32Array[]> {
    this.calls++;
    return texts.map((t) => {
      const h = this.hash.encodeOne(t);
      const v = new Float32Array(this.dim);
      let zero = true;
      for (let i = 0; i < 512; i++) {
        v[i] = 0.45 * h[i]!;
        if (h[i] !== 0) zero = false;
      }
      if (zero) return v;
      v[512] = 0.89;
      const n = Math.hypot(...v);
      return v.map((x) => x / n);
    });
  }
  async close(): Promise<void> {}
}

const chat = referenceChat();

describe('null distribution', () => {
  test('rates and similarities are inverse of each other and monotone', () => {
    const rnd = (() => {
      let s = 7;
      return () => (s = (s * 16807) % 2147483647) / 2147483647;
    })();
    const vectors = Array.from({ length: 400 }, () => {
      const v = Float32Array.from({ length: 16 }, () => rnd() - 0.5);
      const n = Math.hypot(...v);
      return v.map((x) => x / n);
    });
    const t = measureNull(vectors, { pairs: 50_000 });
    expect(t.pairs).toBeGreaterThan(40_000);
    for (const r of [0.3, 0.05, 0.01, 0.001]) expect(rateAtOrAbove(t, simForRate(t, r))).toBeCloseTo(r, 4);
    expect(simForRate(t, 0.01)).toBeGreaterThan(simForRate(t, 0.1));
    // Beyond the measured tail: up to similarity 1, never past it
    expect(simForRate(t, 1e-6)).toBeLessThan(1);
    expect(simForRate(t, 1e-6)).toBeGreaterThan(simForRate(t, 1e-4));
    expect(rateAtOrAbove(t, 0.999)).toBeLessThan(1e-6);
  });

  test('exact duplicates and pairs closer in time than the gap are not unrelated pairs', () => {
    const a = Float32Array.of(1, 0);
    const b = Float32Array.of(0, 1);
    const t = measureNull([a, a, a, b], { pairs: 100 });
    // Only a-b remains (the copies of a are one message)
    expect(t.messages).toBe(2);
    expect(t.sims.every((s) => s === 0)).toBe(true);
    expect(() => measureNull([a, a])).toThrow(/at least 2 different messages/);
  });
});

describe('calibration of an anisotropic encoder', () => {
  test('removes the mean vector and maps config thresholds to sane similarities', async () => {
    const inner = new AnisotropicEncoder();
    const raw = await inner.encode(chat.slice(0, 200).map((m) => m.text));
    const rawNull = measureNull(raw, { pairs: 10_000 });
    // The problem: unrelated chat already sits near 0.8 before calibration
    expect(rawNull.mean).toBeGreaterThan(0.7);

    const cal = new Calibrator(inner, (t) => inner.encode(t), { referencePairs: 60_000 });
    const info = await cal.start();
    expect(info.centered).toBe(true);
    expect(info.meanNorm).toBeGreaterThan(0.8);
    expect(info.identity).toBe(false);
    // After mean removal, unrelated pairs are spread around 0
    expect(Math.abs(info.null.mean)).toBeLessThan(0.15);

    const scale = cal.scale('somechannel');
    const repeat = scale.threshold(0.65);
    const blocklist = scale.threshold(0.42);
    expect(blocklist).toBeLessThan(repeat);
    expect(repeat).toBeLessThan(scale.threshold(0.7));
    // Above what 99.9% of unrelated chat reaches, below an exact copy
    expect(repeat).toBeGreaterThan(info.null.p999);
    expect(repeat).toBeLessThan(1);

    // A near-duplicate clears the mapped threshold; unrelated reference pairs almost never do
    const [x, y, z] = (await inner.encode(['quelle est la musique de fond svp', 'quelle est la musiqe de fond svp ??', 'le nucléaire c est trop cher'])).map(
      (v) => cal.transform(v),
    );
    expect(dot(x!, y!)).toBeGreaterThanOrEqual(repeat);
    expect(dot(x!, z!)).toBeLessThan(blocklist);
    // Same false matches as the hash encoder at 0.65 on the same pairs, give or take
    const centred = raw.map((v) => cal.transform(v));
    const hash = new HashEncoder();
    const hv = chat.slice(0, 200).map((m) => hash.encodeOne(m.text));
    let above = 0;
    let hashAbove = 0;
    let pairs = 0;
    for (let i = 0; i < centred.length; i++)
      for (let j = i + 1; j < centred.length; j++) {
        if (chat[i]!.text === chat[j]!.text) continue;
        pairs++;
        if (dot(centred[i]!, centred[j]!) >= repeat) above++;
        if (dot(hv[i]!, hv[j]!) >= 0.65) hashAbove++;
      }
    expect(above / pairs).toBeLessThan(0.005);
    expect(above).toBeLessThanOrEqual(2 * hashAbove + 5);
    // A margin keeps its sign and grows the threshold
    expect(scale.margin(0.42, 0.35)).toBeGreaterThan(0);
  });

  test('the hash encoder keeps its vectors and its thresholds (documented mapping: identity)', async () => {
    const shared = new SharedEncoder(new HashEncoder());
    const info = await shared.calibrate();
    expect(info.identity).toBe(true);
    expect(info.centered).toBe(false);
    const scale = shared.calibration.scale('c');
    expect(scale.isIdentity).toBe(true);
    expect(scale.threshold(0.65)).toBe(0.65);
    expect(scale.margin(0.42, 0.35)).toBe(0.35);
    const v = await shared.encode('bonjour tout le monde');
    expect(v).toEqual(new HashEncoder().encodeOne('bonjour tout le monde'));
    // Its null is still measured for display: rates are those of the reference chat
    const { thresholds } = await shared.calibration.report('c');
    expect(thresholds['moderation.repeat']!.rate).toBeGreaterThan(0);
    expect(thresholds['moderation.repeat']!.rate).toBeLessThan(0.01);
    await shared.close();
  });

  test('refreshes from the channel chat and is stored per encoder id and channel', async () => {
    const store = Store.open({ path: ':memory:' });
    const persistence = new CalibrationStore(store);
    const inner = new AnisotropicEncoder();
    const cal = new Calibrator(inner, (t) => inner.encode(t), { referencePairs: 30_000, refreshEvery: 100, minMessages: 100, pairs: 5_000 });
    await cal.start({ persistence });
    expect(cal.info('chan').source).toBe('reference');
    const sample = chat.slice(500, 800);
    const vectors = (await inner.encode(sample.map((m) => m.text))).map((v) => cal.transform(v));
    let changed = 0;
    sample.forEach((m, i) => (changed += cal.observe('chan', vectors[i]!, m.time) ? 1 : 0));
    expect(changed).toBeGreaterThanOrEqual(1);
    expect(cal.info('chan').source).toBe('channel');
    expect(cal.version('chan')).toBe(changed);
    expect(persistence.loadTable(inner.id, 'chan')?.pairs).toBeGreaterThan(0);

    // Next start: the stored mean and tables, without encoding the reference again
    const callsBefore = inner.calls;
    const again = new Calibrator(inner, (t) => inner.encode(t));
    await again.start({ persistence });
    expect(inner.calls).toBe(callsBefore);
    expect(again.info('chan').source).toBe('stored');
    expect(again.scale('chan').threshold(0.65)).toBeCloseTo(cal.scale('chan').threshold(0.65), 6);
    store.close();
  });

  test('scale without measurements is the identity', () => {
    expect(ThresholdScale.identity.threshold(0.7)).toBe(0.7);
  });
});
