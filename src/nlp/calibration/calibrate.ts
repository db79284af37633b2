import type { Encoder } from '../encoder.js';
import { SharedEncoder } from '../shared-encoder.js';
import { DEFAULT_SETTINGS, type CalibrationInfo, type CalibrationLog, type CalibrationPersistence } from './calibrator.js';
import type { ChatSample } from './reference-chat.js';

/** Result of {@link calibrateEncoder}. */
export interface CalibrationResult {
  reference: CalibrationInfo;
  /** The chat given, measured as a channel. */
  channel?: CalibrationInfo;
  /** Each default setting (hash units) with its false-match rate and this encoder's threshold. */
  thresholds: Record<string, { hash: number; rate: number | undefined; threshold: number }>;
}

/**
 * Calibrates an encoder from scratch (what `npm run calibrate` and the model installer run):
 * the reference chat, then `chat` as channel `channel` when given; saved through `persistence`.
 * The encoder stays open (the caller owns it).
 */
export async function calibrateEncoder(
  encoder: Encoder,
  options: { chat?: readonly ChatSample[]; channel?: string; persistence?: CalibrationPersistence; log?: CalibrationLog } = {},
): Promise<CalibrationResult> {
  const shared = new SharedEncoder(
    { id: encoder.id, dim: encoder.dim, referenceUnits: encoder.referenceUnits, encode: (t) => encoder.encode(t), close: async () => {} },
    {
      cacheSize: 0,
      maxWaitMs: 0,
    },
  );
  await shared.calibrate({ fresh: true, persistence: options.persistence, log: options.log });
  const reference = (await shared.calibration.report('')).info;
  let channel: CalibrationInfo | undefined;
  const name = options.channel ?? 'file';
  if (options.chat && options.chat.length > 1) {
    const vectors = await shared.encodeBatch(options.chat.map((m) => m.text));
    channel = shared.calibration.measure(
      name,
      vectors,
      options.chat.map((m) => m.time),
    );
  }
  const { thresholds } = await shared.calibration.report(channel ? name : '', DEFAULT_SETTINGS);
  await shared.close();
  return { reference, ...(channel ? { channel } : {}), thresholds };
}

const pct = (r: number | undefined): string => (r === undefined ? '-' : r >= 0.001 ? `${(r * 100).toFixed(2)}%` : `${(r * 1e6).toFixed(1)} per million`);

/** One line per fact, for the command line. */
export function formatCalibration(r: CalibrationResult): string {
  const lines: string[] = [];
  const nul = (i: CalibrationInfo): string =>
    `${i.null.messages} distinct messages, ${i.null.pairs} pairs: mean ${i.null.mean}, p90 ${i.null.p90}, p99 ${i.null.p99}, p99.9 ${i.null.p999}`;
  lines.push(`encoder ${r.reference.encoderId}`);
  lines.push(
    r.reference.identity
      ? 'anisotropy: none removed (hash encoder: vectors and thresholds as configured, they are in its units)'
      : r.reference.centered
        ? `anisotropy: mean vector norm ${r.reference.meanNorm} (removed from every vector)`
        : `anisotropy: mean vector norm ${r.reference.meanNorm} (small: vectors unchanged)`,
  );
  lines.push(`null (unrelated pairs), reference chat: ${nul(r.reference)}`);
  if (r.channel) lines.push(`null (unrelated pairs), chat file: ${nul(r.channel)}`);
  lines.push(`thresholds (config value in hash units -> false-match rate on reference chat -> this encoder${r.channel ? ' on the chat file' : ''}):`);
  if (!r.reference.identity) lines.push('  (the bot calibrates moderation.blocklist again on example-to-chat pairs once its examples are loaded)');
  for (const [k, v] of Object.entries(r.thresholds))
    lines.push(`  ${k.padEnd(22)} ${v.hash.toFixed(2)} -> ${pct(v.rate).padEnd(18)} -> ${v.threshold.toFixed(3)}`);
  return lines.join('\n');
}

/** A one-line summary of a channel's calibration, for chat (`!faq test`) and reports. */
export function calibrationLine(i: CalibrationInfo, thresholds: CalibrationResult['thresholds'], lang: 'fr' | 'en'): string {
  const src = {
    reference: lang === 'fr' ? 'chat de référence' : 'reference chat',
    stored: lang === 'fr' ? 'mesure enregistrée' : 'stored',
    channel: lang === 'fr' ? 'chat de la chaîne' : 'channel chat',
  }[i.source];
  const th = Object.entries(thresholds)
    .map(([k, v]) => `${k.split('.').pop()} ${v.threshold.toFixed(2)}`)
    .join(', ');
  return lang === 'fr'
    ? `Calibrage ${i.encoderId.split(':')[0]} (${src}, ${i.null.messages} msgs) : paires sans rapport p99 ${i.null.p99}${i.identity ? ', seuils tels quels' : ''} ; ${th}`
    : `Calibration ${i.encoderId.split(':')[0]} (${src}, ${i.null.messages} msgs): unrelated pairs p99 ${i.null.p99}${i.identity ? ', thresholds as configured' : ''}; ${th}`;
}
