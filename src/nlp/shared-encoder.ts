import type { Encoder } from './encoder.js';

/**
 * The one encoder every module uses. PLACEHOLDER API (the foundation issue adds micro-batching,
 * length buckets, the LRU cache, the bounded queue and counters behind the same methods).
 */
export class SharedEncoder {
  constructor(private readonly inner: Encoder) {}

  get id(): string {
    return this.inner.id;
  }

  get dim(): number {
    return this.inner.dim;
  }

  /** Vector of one chat message (unit length, or zeros for empty text). */
  async encode(text: string): Promise<Float32Array> {
    const [v] = await this.inner.encode([text]);
    return v!;
  }

  /** Vectors of several messages, in order. */
  encodeBatch(texts: readonly string[]): Promise<Float32Array[]> {
    return this.inner.encode(texts);
  }

  close(): Promise<void> {
    return this.inner.close();
  }
}
