import { Tokenizer } from '@huggingface/tokenizers';
import type { ModelDirectory } from './model-dir.js';
import type { OnnxEncoderOptions, PreprocessOptions } from './options.js';
import { prepareText } from './preprocess.js';

// `Nmt` (the normalizer SentencePieceUnigramTokenizer writes, used by the reference model) is not
// implemented by tokenizers.js; these two Replace steps do exactly what it does.
const NMT_EQUIVALENT = [
  { type: 'Replace', pattern: { Regex: '[\u0001-\u0008\u000B\u000E-\u001F\u007F\u008F\u009F]' }, content: '' },
  { type: 'Replace', pattern: { Regex: '[\u0009\u000A\u000C\u000D\u1680\u200B-\u200F\u2028\u2029\u2581\uFEFF\uFFFD]' }, content: ' ' },
];

/** tokenizer.json with components tokenizers.js lacks replaced by exact equivalents. */
export function adaptTokenizerJson(json: Record<string, unknown>): Record<string, unknown> {
  const isNmt = (n: unknown): boolean => typeof n === 'object' && n !== null && (n as Record<string, unknown>)['type'] === 'Nmt';
  const normalizer = json['normalizer'];
  if (isNmt(normalizer)) return { ...json, normalizer: { type: 'Sequence', normalizers: NMT_EQUIVALENT } };
  if (typeof normalizer !== 'object' || normalizer === null) return json;
  const steps = (normalizer as Record<string, unknown>)['normalizers'];
  if (!Array.isArray(steps) || !steps.some(isNmt)) return json;
  return { ...json, normalizer: { ...normalizer, normalizers: steps.flatMap((n) => (isNmt(n) ? NMT_EQUIVALENT : [n])) } };
}

/** Tokenizer of a model directory with truncation, obfuscation fold, preprocessing and the empty-text rule. */
export class ChatTokenizer {
  /** Effective preprocessing. */
  readonly preprocess: PreprocessOptions;
  private readonly tokenizer: Tokenizer;
  private readonly prefix: number;
  private readonly suffix: number;
  private readonly maxChars: number;

  /**
   * `fold`: fold obfuscation before tokenizing ({@link OnnxEncoderOptions.fold}). Default true.
   */
  constructor(
    model: ModelDirectory,
    readonly maxSeqLength: number,
    preprocess: OnnxEncoderOptions['preprocess'],
    readonly fold = true,
  ) {
    const fix = 'Re-export the tokenizer with a recent `transformers`/`tokenizers` (tokenizer.save_pretrained), or see models/README.md';
    try {
      this.tokenizer = new Tokenizer(adaptTokenizerJson(model.tokenizerJson), model.tokenizerConfig);
    } catch (e) {
      throw new Error(`${model.tokenizerFile} could not be loaded by @huggingface/tokenizers: ${(e as Error).message}. ${fix}`);
    }
    // Special tokens the post-processor adds around a text ([CLS] ... [SEP]): kept on truncation.
    let withSpecial: number[];
    let plain: number[];
    try {
      withSpecial = this.tokenizer.encode('a').ids;
      plain = this.tokenizer.encode('a', { add_special_tokens: false }).ids;
    } catch (e) {
      throw new Error(`${model.tokenizerFile} fails to encode a test text: ${(e as Error).message}. ${fix}`);
    }
    const start = plain.length > 0 ? withSpecial.indexOf(plain[0]!) : withSpecial.length;
    this.prefix = Math.max(0, start);
    this.suffix = Math.max(0, withSpecial.length - this.prefix - plain.length);
    if (this.prefix + this.suffix >= maxSeqLength)
      throw new Error(`maxSeqLength ${maxSeqLength} leaves no room for text between the special tokens of ${model.tokenizerFile}`);
    // Longest piece bounds how many characters can matter before truncation.
    let longest = 1;
    for (const piece of this.tokenizer.get_vocab(true).keys()) longest = Math.max(longest, piece.length);
    this.maxChars = Math.max(64, maxSeqLength * (longest + 1));
    // Reference-model preprocessing: 'auto' turns each replacement on when the tokenizer knows the token.
    const has = (t: string): boolean => this.tokenizer.token_to_id(t) !== undefined;
    if (preprocess === 'none') this.preprocess = { mentions: false, urls: false };
    else if (preprocess === undefined || preprocess === 'auto') this.preprocess = { mentions: has('<mention>'), urls: has('<url>') };
    else this.preprocess = { mentions: preprocess.mentions ?? false, urls: preprocess.urls ?? false };
  }

  /** Token ids of a message (truncated to maxSeqLength, special tokens kept), or null for an empty message. */
  encode(text: string): number[] | null {
    const prepared = prepareText(text, this.maxChars, this.preprocess, this.fold);
    if (prepared === null) return null;
    const ids = this.tokenizer.encode(prepared).ids;
    if (ids.length <= this.maxSeqLength) return ids;
    const keep = this.maxSeqLength - this.prefix - this.suffix;
    return [...ids.slice(0, this.prefix + keep), ...ids.slice(ids.length - this.suffix)];
  }

  /** Tokens (strings) of a message, for diagnostics. */
  tokens(text: string): string[] {
    const ids = this.encode(text);
    return ids === null ? [] : ids.map((id) => this.tokenizer.id_to_token(id) ?? '?');
  }
}
