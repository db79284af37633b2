import { METASPACE, SPECIAL_TOKENS, type UnigramVocab } from './vocab.js';

/** Options of the generated tokenizer.json. */
export interface TokenizerFileOptions {
  /**
   * Start the normalizer with `Nmt`, exactly as the reference model's tokenizer (trained with
   * `SentencePieceUnigramTokenizer`) does. Default true.
   */
  readonly nmt?: boolean;
}

/**
 * tokenizer.json of a SentencePiece Unigram tokenizer in the Hugging Face `tokenizers` format,
 * laid out like the reference model's: Nmt + NFKC + squeeze spaces, Metaspace, `[CLS] $A [SEP]`.
 */
export function tokenizerJson(vocab: UnigramVocab, options: TokenizerFileOptions = {}): object {
  const special = (id: number) => ({
    id,
    content: vocab.pieces[id]![0],
    single_word: false,
    lstrip: false,
    rstrip: false,
    normalized: false,
    special: true,
  });
  const cls = vocab.pieces[vocab.clsId]![0];
  const sep = vocab.pieces[vocab.sepId]![0];
  const normalizers = [...((options.nmt ?? true) ? [{ type: 'Nmt' }] : []), { type: 'NFKC' }, { type: 'Replace', pattern: { Regex: ' {2,}' }, content: ' ' }];
  const metaspace = { type: 'Metaspace', replacement: METASPACE, prepend_scheme: 'always', split: true };
  return {
    version: '1.0',
    truncation: null,
    padding: null,
    added_tokens: SPECIAL_TOKENS.map((_, id) => special(id)),
    normalizer: { type: 'Sequence', normalizers },
    pre_tokenizer: metaspace,
    post_processor: {
      type: 'TemplateProcessing',
      single: [{ SpecialToken: { id: cls, type_id: 0 } }, { Sequence: { id: 'A', type_id: 0 } }, { SpecialToken: { id: sep, type_id: 0 } }],
      pair: [
        { SpecialToken: { id: cls, type_id: 0 } },
        { Sequence: { id: 'A', type_id: 0 } },
        { SpecialToken: { id: sep, type_id: 0 } },
        { Sequence: { id: 'B', type_id: 1 } },
        { SpecialToken: { id: sep, type_id: 1 } },
      ],
      special_tokens: {
        [cls]: { id: cls, ids: [vocab.clsId], tokens: [cls] },
        [sep]: { id: sep, ids: [vocab.sepId], tokens: [sep] },
      },
    },
    decoder: metaspace,
    model: { type: 'Unigram', unk_id: vocab.unkId, vocab: vocab.pieces, byte_fallback: false },
  };
}

/** tokenizer_config.json matching {@link tokenizerJson}. */
export function tokenizerConfigJson(vocab: UnigramVocab, modelMaxLength: number): object {
  const piece = (id: number): string => vocab.pieces[id]![0];
  return {
    tokenizer_class: 'PreTrainedTokenizerFast',
    model_max_length: modelMaxLength,
    do_lower_case: false,
    clean_up_tokenization_spaces: false,
    pad_token: piece(vocab.padId),
    unk_token: piece(vocab.unkId),
    cls_token: piece(vocab.clsId),
    sep_token: piece(vocab.sepId),
    mask_token: piece(vocab.maskId),
    additional_special_tokens: ['<mention>', '<url>'],
  };
}
