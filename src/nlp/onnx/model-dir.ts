import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { PoolingMode } from './options.js';

const README = 'see models/README.md';

/** Files of a sentence-transformers ONNX export, resolved and parsed. */
export interface ModelDirectory {
  readonly dir: string;
  readonly modelFile: string;
  readonly tokenizerFile: string;
  /** Parsed tokenizer.json. */
  readonly tokenizerJson: Record<string, unknown>;
  /** Parsed tokenizer_config.json, or {} when absent. */
  readonly tokenizerConfig: Record<string, unknown>;
  /** Pooling from 1_Pooling/config.json, if that file exists. */
  readonly pooling: PoolingMode | undefined;
  /** Upper bounds on sequence length declared by the model files. */
  readonly lengthLimits: readonly number[];
  /** modules.json declares a Dense layer (not part of a token-level ONNX output). */
  readonly hasDenseModule: boolean;
}

/** Reads a JSON file; a missing or malformed file is an Error naming it and the fix. */
export function readJsonFile(file: string, fix: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new Error(`cannot read ${file}: ${(e as Error).message}. ${fix}`);
  }
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new Error(`${file} is not valid JSON (${(e as Error).message}). ${fix}`);
  }
}

function readJsonObject(file: string, fix: string): Record<string, unknown> {
  const value = readJsonFile(file, fix);
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new Error(`${file} must hold a JSON object. ${fix}`);
  }
  return value as Record<string, unknown>;
}

/**
 * Preference among quantized graph files (lower first): the generic `model_quantized.onnx`, then
 * optimum's per-CPU variants made for this machine (`avx512_vnni`, `avx512`, `avx2`; `arm64` on ARM).
 */
export function quantizedRank(file: string, arch: string = process.arch): number {
  const n = file.slice(file.lastIndexOf('/') + 1);
  if (n === 'model_quantized.onnx') return 0;
  if (arch === 'arm64') return n.includes('arm64') ? 1 : 5;
  if (n.includes('arm64')) return 9;
  return n.includes('avx512_vnni') ? 1 : n.includes('avx512') ? 2 : n.includes('avx2') ? 3 : 4;
}

/** Candidate graph files, in order of preference. */
function graphCandidates(dir: string, quantized: boolean): string[] {
  if (!quantized) return ['model.onnx', join('onnx', 'model.onnx')];
  const listed = (sub: string): string[] => {
    const d = join(dir, sub);
    if (!existsSync(d)) return [];
    return readdirSync(d)
      .filter((f) => /^model_(quantized|qint8|quint8|int8|uint8)[\w.-]*\.onnx$/.test(f))
      .sort((a, b) => quantizedRank(a) - quantizedRank(b) || a.localeCompare(b))
      .map((f) => join(sub, f));
  };
  return ['model_quantized.onnx', join('onnx', 'model_quantized.onnx'), ...listed(''), ...listed('onnx')];
}

/**
 * Finds the graph file of a model directory. `quantized` undefined = the int8 graph when the
 * directory has one (as `npm run model:install -- --int8` writes it), else fp32.
 */
export function findModelFile(dir: string, modelFile: string | undefined, quantized: boolean | undefined): string {
  if (modelFile !== undefined) {
    const file = resolve(dir, modelFile);
    if (!existsSync(file))
      throw new Error(`ONNX graph ${file} not found: fix encoder.options.modelFile (relative to ${dir}) or remove it to use the default; ${README}`);
    return file;
  }
  if (quantized === undefined) {
    const int8 = graphCandidates(dir, true).find((c) => existsSync(join(dir, c)));
    if (int8 !== undefined) return join(dir, int8);
  }
  const candidates = graphCandidates(dir, quantized ?? false);
  const found = candidates.find((c) => existsSync(join(dir, c)));
  if (found === undefined) {
    const kind = quantized ? 'quantized ONNX graph' : 'ONNX graph';
    throw new Error(
      `no ${kind} in ${dir} (looked for ${[...new Set(candidates)].join(', ')}). Export the model with ` +
        '`optimum-cli export onnx --model <model> --task feature-extraction <dir>`' +
        (quantized ? ', quantize it, or set encoder.options.quantized to false' : ', or set encoder.options.modelFile') +
        `; ${README}`,
    );
  }
  return join(dir, found);
}

function poolingFrom(file: string): PoolingMode | undefined {
  if (!existsSync(file)) return undefined;
  const fix = `Fix the file, or set encoder.options.pooling (cls, mean or max) and delete it; ${README}`;
  const cfg = readJsonObject(file, fix);
  const modes: PoolingMode[] = [];
  if (cfg['pooling_mode_cls_token'] === true) modes.push('cls');
  if (cfg['pooling_mode_mean_tokens'] === true || cfg['pooling_mode_mean_sqrt_len_tokens'] === true) modes.push('mean');
  if (cfg['pooling_mode_max_tokens'] === true) modes.push('max');
  const unsupported = ['pooling_mode_weightedmean_tokens', 'pooling_mode_lasttoken'].filter((k) => cfg[k] === true);
  if (unsupported.length > 0) throw new Error(`${file} asks for ${unsupported.join(', ')}, which this encoder does not support. ${fix}`);
  // mean and mean_sqrt_len give the same direction; after L2 normalisation they are identical.
  const distinct = [...new Set(modes)];
  if (distinct.length !== 1) {
    throw new Error(
      `${file} must enable exactly one of pooling_mode_cls_token, pooling_mode_mean_tokens, pooling_mode_max_tokens (found ${distinct.length === 0 ? 'none' : distinct.join(' + ')}). ${fix}`,
    );
  }
  return distinct[0];
}

function positiveInt(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isInteger(value) && value > 0 && value < 1e6 ? value : undefined;
}

/**
 * Resolves and parses the files of a model directory (sync: runs once, in the worker).
 * Throws an Error naming the file and the fix when something is missing or malformed.
 */
export function readModelDirectory(path: string, modelFile: string | undefined, quantized: boolean | undefined): ModelDirectory {
  const dir = resolve(path);
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    throw new Error(
      `ONNX model directory ${dir} not found: set encoder.path to a sentence-transformers model exported to ONNX ` +
        `(${README}), or build a test model with \`npm run build:model -- --preset tiny --out ${path}\``,
    );
  }
  const model = findModelFile(dir, modelFile, quantized);

  // Tokenizer (required) and its config (optional).
  const tokenizerFile = join(dir, 'tokenizer.json');
  const tokFix = `Copy tokenizer.json from the model repository (a "fast" tokenizer file) into ${dir}; ${README}`;
  if (!existsSync(tokenizerFile)) throw new Error(`${tokenizerFile} not found. ${tokFix}`);
  const tokenizerJson = readJsonObject(tokenizerFile, tokFix);
  if (tokenizerJson['model'] === null || typeof tokenizerJson['model'] !== 'object') {
    throw new Error(`${tokenizerFile} has no "model" section: it is not a Hugging Face tokenizer.json. ${tokFix}`);
  }
  const tokenizerConfigFile = join(dir, 'tokenizer_config.json');
  const tokenizerConfig = existsSync(tokenizerConfigFile) ? readJsonObject(tokenizerConfigFile, `Fix or delete ${tokenizerConfigFile}; ${README}`) : {};

  // Sentence-transformers files (all optional).
  const pooling = poolingFrom(join(dir, '1_Pooling', 'config.json'));
  const limits: number[] = [];
  const stFile = join(dir, 'sentence_bert_config.json');
  if (existsSync(stFile)) {
    const st = readJsonObject(stFile, `Fix or delete ${stFile}; ${README}`);
    const n = positiveInt(st['max_seq_length']);
    if (n !== undefined) limits.push(n);
  }
  const n = positiveInt(tokenizerConfig['model_max_length']);
  if (n !== undefined) limits.push(n);
  const configFile = join(dir, 'config.json');
  if (existsSync(configFile)) {
    const cfg = readJsonObject(configFile, `Fix or delete ${configFile}; ${README}`);
    const p = positiveInt(cfg['max_position_embeddings']);
    if (p !== undefined) limits.push(p);
  }
  let hasDenseModule = false;
  const modulesFile = join(dir, 'modules.json');
  if (existsSync(modulesFile)) {
    const modules = readJsonFile(modulesFile, `Fix or delete ${modulesFile}; ${README}`);
    if (!Array.isArray(modules)) throw new Error(`${modulesFile} must hold a JSON array of modules. Fix or delete it; ${README}`);
    hasDenseModule = modules.some((m) => typeof m === 'object' && m !== null && String((m as Record<string, unknown>)['type']).endsWith('.Dense'));
  }
  return { dir, modelFile: model, tokenizerFile, tokenizerJson, tokenizerConfig, pooling, lengthLimits: limits, hasDenseModule };
}
