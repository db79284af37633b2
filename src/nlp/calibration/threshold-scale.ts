import { rateAtOrAbove, simForRate, type NullTable } from './null-distribution.js';

/**
 * Turns a similarity setting written in the built-in hash encoder's units (every threshold of the
 * config: repeat 0.65, flood 0.7, blocklist 0.42, ...) into the same false-match rate for the
 * encoder in use:
 *
 *   rate = share of unrelated reference-chat pairs the hash encoder puts at or above `t`
 *   threshold = similarity of the encoder's own null distribution (the channel's chat) at `rate`
 *
 * For the hash encoder itself the mapping is the identity: existing configs keep their meaning.
 */
export class ThresholdScale {
  /**
   * @param hashReference the hash encoder's null table on the reference chat (undefined: identity)
   * @param encoderNull the encoder's null table (undefined: identity)
   */
  constructor(
    readonly hashReference: NullTable | undefined,
    readonly encoderNull: NullTable | undefined,
  ) {}

  /** The identity scale (hash encoder, or nothing measured yet). */
  static readonly identity = new ThresholdScale(undefined, undefined);

  /** Whether thresholds pass unchanged. */
  get isIdentity(): boolean {
    return !this.hashReference || !this.encoderNull;
  }

  /** False-match rate of a setting in hash units (undefined without a hash reference). */
  rate(hashUnits: number): number | undefined {
    return this.hashReference ? rateAtOrAbove(this.hashReference, hashUnits) : undefined;
  }

  /** The encoder's threshold for a setting in hash units. */
  threshold(hashUnits: number): number {
    if (!this.hashReference || !this.encoderNull) return hashUnits;
    if (hashUnits <= 0) return hashUnits;
    if (hashUnits >= 1) return 1;
    return simForRate(this.encoderNull, rateAtOrAbove(this.hashReference, hashUnits));
  }

  /** A margin added to `base` (both in hash units), in the encoder's units: `threshold(base + margin) - threshold(base)`. */
  margin(base: number, margin: number): number {
    if (this.isIdentity) return margin;
    return Math.max(0, this.threshold(Math.min(1, base + margin)) - this.threshold(base));
  }
}
