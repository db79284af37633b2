/**
 * `npm run calibrate -- [chat file] [--encoder hash|onnx:<dir>] [--store <sqlite file>]`
 *
 * Measures an encoder's similarity for unrelated chat (random pairs of messages, after removing
 * the mean vector) on the bundled reference chat, and on a chat file (TSV/JSONL/IRC) when given,
 * then prints the null distribution and what every config threshold (hash units) becomes for this
 * encoder, with its false-match rate. With `--store`, saves the calibration in the bot's store (the
 * bot then starts with it). The model installer calls {@link calibrateEncoder}.
 */
import { parseArgs } from 'node:util';
import { createEncoder } from '../src/nlp/create-encoder.js';
import { calibrateEncoder, formatCalibration } from '../src/nlp/calibration/calibrate.js';
import { readChatFile } from '../src/replay/read-chat-file.js';
import { CalibrationStore } from '../src/store/calibration-store.js';
import { Store } from '../src/store/store.js';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { encoder: { type: 'string', default: 'hash' }, store: { type: 'string' }, channel: { type: 'string' } },
});
const enc = values.encoder!;
if (enc !== 'hash' && !(enc.startsWith('onnx:') && enc.length > 5)) {
  console.error(`calibrate: --encoder must be "hash" or "onnx:<model dir>", not "${enc}"`);
  process.exit(2);
}
let chat: { text: string; time: number }[] | undefined;
if (positionals[0]) {
  const r = readChatFile(positionals[0]);
  chat = r.records.map((x) => ({ text: x.text, time: x.time }));
  if (chat.length < 2) {
    console.error(`calibrate: ${positionals[0]} holds ${chat.length} message(s); a calibration needs a few hundred`);
    process.exit(2);
  }
}
const inner = await createEncoder(enc === 'hash' ? { kind: 'hash' } : { kind: 'onnx', path: enc.slice(5) });
const store = values.store ? Store.open({ path: values.store }) : undefined;
try {
  const result = await calibrateEncoder(inner, {
    chat,
    channel: values.channel ?? (chat ? 'file' : undefined),
    persistence: store ? new CalibrationStore(store) : undefined,
  });
  console.log(formatCalibration(result));
  if (store) console.log(`saved in ${values.store}`);
} finally {
  await inner.close();
  store?.close();
}
