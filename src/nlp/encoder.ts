/**
 * A sentence encoder: maps chat messages to L2-normalised vectors of a fixed dimension.
 *
 * Implementations: the built-in hashing encoder (no model files) and the ONNX encoder
 * (any sentence-transformers model exported to ONNX). Every module consumes vectors through
 * the one shared wrapper (`SharedEncoder`), never an `Encoder` directly.
 */
export interface Encoder {
  /** Stable identifier of the encoder and its settings; part of every cache key. */
  readonly id: string;
  /** Length of every vector this encoder returns. */
  readonly dim: number;
  /**
   * Encodes raw chat texts, one vector per text, in input order. Each vector has length `dim`
   * and unit L2 norm, or is all zeros for a text with nothing to encode (empty, whitespace).
   * Never rejects because of the content of a text.
   */
  encode(texts: readonly string[]): Promise<Float32Array[]>;
  /**
   * Optional: the input lengths this encoder pads batches to (e.g. token counts 8/16/32/64/128).
   * With {@link Encoder.inputLength}, `SharedEncoder` groups each batch within one bucket.
   */
  readonly lengthBuckets?: readonly number[];
  /** Optional: length of a text in the unit of `lengthBuckets` (e.g. tokens, specials included). */
  inputLength?(text: string): number;
  /**
   * Optional: config similarity thresholds are written in this encoder's own cosine units (the
   * built-in hash encoder). Other encoders get them through calibration (src/nlp/calibration).
   */
  readonly referenceUnits?: boolean;
  /** Releases native resources and worker threads. Idempotent. */
  close(): Promise<void>;
}
