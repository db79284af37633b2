/** Activation of the feed-forward layer (Hugging Face `hidden_act`). */
export type Activation = 'gelu' | 'gelu_tanh' | 'relu';

/** The shape of a BERT-family encoder, read from config.json. */
export interface EncoderArchitecture {
  readonly family: 'bert' | 'convbert';
  readonly hidden: number;
  readonly layers: number;
  readonly heads: number;
  readonly intermediate: number;
  readonly vocabSize: number;
  readonly maxPositions: number;
  readonly typeVocabSize: number;
  readonly layerNormEps: number;
  readonly activation: Activation;
  /** Embedding width (ConvBERT projects it to `hidden`); equals `hidden` for BERT. */
  readonly embeddingSize: number;
  /** ConvBERT: attention heads are heads / headRatio; the rest are span-based convolution heads. */
  readonly headRatio: number;
  /** ConvBERT: width of the dynamic convolution. */
  readonly convKernelSize: number;
  /** ConvBERT: groups of the feed-forward linear layers. */
  readonly numGroups: number;
}

const ACTIVATIONS: Record<string, Activation> = {
  gelu: 'gelu',
  gelu_new: 'gelu_tanh',
  gelu_pytorch_tanh: 'gelu_tanh',
  gelu_fast: 'gelu_tanh',
  relu: 'relu',
};

/**
 * Reads the architecture from a parsed config.json. Throws an Error that says what is
 * supported when the model is not a BERT or ConvBERT encoder this importer can build.
 */
export function readArchitecture(config: Record<string, unknown>, file: string): EncoderArchitecture {
  const type = String(config['model_type'] ?? '');
  if (type !== 'bert' && type !== 'convbert') {
    throw new Error(
      `${file}: model_type "${type}" cannot be converted here (only bert and convbert). ` +
        'Fix: pick a repository that ships an ONNX export (onnx/model.onnx), or export it with optimum-cli elsewhere and install that folder.',
    );
  }
  const int = (key: string, fallback?: number): number => {
    const v = config[key] ?? fallback;
    if (typeof v !== 'number' || !Number.isInteger(v) || v <= 0)
      throw new Error(`${file}: ${key} must be a positive integer (found ${JSON.stringify(config[key])})`);
    return v;
  };
  const act = String(config['hidden_act'] ?? 'gelu');
  const activation = ACTIVATIONS[act];
  if (activation === undefined) throw new Error(`${file}: hidden_act "${act}" is not supported (gelu, gelu_new, relu)`);
  const posType = config['position_embedding_type'] ?? 'absolute';
  if (posType !== 'absolute') throw new Error(`${file}: position_embedding_type "${String(posType)}" is not supported (absolute only)`);
  const hidden = int('hidden_size');
  const heads = int('num_attention_heads');
  const arch: EncoderArchitecture = {
    family: type,
    hidden,
    layers: int('num_hidden_layers'),
    heads,
    intermediate: int('intermediate_size'),
    vocabSize: int('vocab_size'),
    maxPositions: int('max_position_embeddings', 512),
    typeVocabSize: int('type_vocab_size', 2),
    layerNormEps: typeof config['layer_norm_eps'] === 'number' ? config['layer_norm_eps'] : 1e-12,
    activation,
    embeddingSize: type === 'convbert' ? int('embedding_size', 768) : hidden,
    headRatio: type === 'convbert' ? int('head_ratio', 2) : 1,
    convKernelSize: type === 'convbert' ? int('conv_kernel_size', 9) : 0,
    numGroups: type === 'convbert' ? int('num_groups', 1) : 1,
  };
  if (hidden % heads !== 0) throw new Error(`${file}: hidden_size ${hidden} is not divisible by num_attention_heads ${heads}`);
  if (arch.family === 'convbert') {
    if (arch.convKernelSize % 2 !== 1) throw new Error(`${file}: conv_kernel_size must be odd (found ${arch.convKernelSize})`);
    if (hidden % arch.numGroups !== 0 || arch.intermediate % arch.numGroups !== 0)
      throw new Error(`${file}: num_groups ${arch.numGroups} must divide hidden_size and intermediate_size`);
    const { attentionHeads, allHeadSize } = convbertHeads(arch);
    // The attention and convolution halves are concatenated back to hidden_size.
    if (2 * allHeadSize !== hidden)
      throw new Error(
        `${file}: head_ratio ${arch.headRatio} with ${heads} heads gives ${attentionHeads} attention heads; only layouts where attention + convolution heads fill hidden_size are supported`,
      );
  }
  return arch;
}

/** ConvBERT's split of the heads (as modeling_convbert.py computes it). */
export function convbertHeads(arch: EncoderArchitecture): { attentionHeads: number; headSize: number; allHeadSize: number } {
  const attentionHeads = Math.max(1, Math.floor(arch.heads / arch.headRatio));
  const headSize = arch.hidden / arch.heads;
  return { attentionHeads, headSize, allHeadSize: attentionHeads * headSize };
}
