// The trained test model (test/fixtures/trained-model, rebuilt by `npm run build:test-model`) has
// real similarity structure: after calibration, chat-like variants of a message clear the repeat
// threshold and unrelated messages stay under the blocklist's.
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { OnnxEncoder } from '../../../src/nlp/onnx/onnx-encoder.js';
import { SharedEncoder } from '../../../src/nlp/shared-encoder.js';
import { dot } from '../../../src/nlp/similarity.js';
import type { CalibrationInfo } from '../../../src/nlp/calibration/calibrator.js';
import { fixturePath } from '../../helpers/paths.js';

let shared: SharedEncoder;
let info: CalibrationInfo;

beforeAll(async () => {
  shared = new SharedEncoder(await OnnxEncoder.open({ path: fixturePath('trained-model'), intraOpThreads: 1 }), { maxWaitMs: 0 });
  info = await shared.calibrate();
});

afterAll(async () => {
  await shared?.close();
});

describe('trained test model, calibrated', () => {
  test('is anisotropic before calibration and centred after', () => {
    expect(info.centered).toBe(true);
    expect(info.meanNorm).toBeGreaterThan(0.2);
    expect(Math.abs(info.null.mean)).toBeLessThan(0.15);
  });

  test('variants of a message clear the thresholds; unrelated messages stay under the blocklist one', async () => {
    const scale = shared.calibration.scale('c');
    const repeat = scale.threshold(0.65);
    const blocklist = scale.threshold(0.42);
    const [a, typo, emotes, spelled, shouted, other, other2] = await shared.encodeBatch([
      'quelle est la musique de fond ce soir',
      'quelle est la musqiue de fond ce soir ??',
      'KEKW quelle est la musique de fond ce soir LUL',
      'quelle est la m u s i q u e de fond ce soir',
      'QUELLE EST LA MUSIQUE DE FOND CE SOIR',
      'le nucléaire coûte trop cher à construire',
      'bonne soirée à tous et merci pour le live',
    ]);
    for (const v of [emotes, spelled, shouted]) expect(dot(a!, v!)).toBeGreaterThanOrEqual(repeat);
    // A typo costs this small model more: still far above unrelated chat (p99.9), not a repeat
    expect(dot(a!, typo!)).toBeGreaterThan(Math.max(blocklist, info.null.p999));
    for (const v of [other, other2]) expect(dot(a!, v!)).toBeLessThan(blocklist);
  });
});
