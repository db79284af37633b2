import { calibrateEncoder, formatCalibration, type CalibrationResult } from '../../src/nlp/calibration/calibrate.js';
import { createEncoder } from '../../src/nlp/create-encoder.js';
import { CalibrationStore } from '../../src/store/calibration-store.js';
import { Store } from '../../src/store/store.js';

/**
 * Calibrates a freshly installed model on the bundled reference chat and saves the result in the
 * bot's store, so the bot starts with it (and its thresholds) instead of calibrating first.
 */
export async function calibrateInstalledModel(dir: string, storePath: string, storeOrigin?: string): Promise<{ result: CalibrationResult; text: string }> {
  const encoder = await createEncoder({ kind: 'onnx', path: dir });
  const store = Store.open({ path: storePath, ...(storeOrigin ? { origin: storeOrigin } : {}) });
  try {
    const result = await calibrateEncoder(encoder, { persistence: new CalibrationStore(store) });
    return { result, text: formatCalibration(result) };
  } finally {
    await encoder.close();
    store.close();
  }
}
