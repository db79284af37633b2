import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { quantizedRank, readModelDirectory, readJsonFile } from '../onnx/model-dir.js';
import type { PoolingMode } from '../onnx/options.js';
import { readArchitecture, type EncoderArchitecture } from './architecture.js';
import { buildEncoderGraph } from './encoder-graph.js';
import { HubClient, HUB_ID, type DownloadProgress, type HubFile } from './hub-client.js';
import { loadWeights, WEIGHT_FILES } from './load-weights.js';
import { quantizeDynamic, type QuantizeReport } from './quantize.js';

/** Options of {@link installModel}. */
export interface InstallOptions {
  /** Hugging Face hub id (`owner/name`) or a local folder (a checkout of such a repository). */
  readonly source: string;
  /** Where model directories live. Default `models`. */
  readonly modelsDir?: string;
  /** Directory name under `modelsDir`. Default: the repository's (or folder's) name. */
  readonly name?: string;
  /** Also write an int8 graph beside the fp32 one (dynamic quantisation). Default false. */
  readonly int8?: boolean;
  /** Hub revision (branch, tag or commit). Default main. */
  readonly revision?: string;
  /** Hub client (endpoint, token). Default: https://huggingface.co without a token. */
  readonly hub?: HubClient;
  /** Progress display of one file download. Default: none. */
  readonly progress?: DownloadProgress;
  /** Status lines. Default: none. */
  readonly log?: (line: string) => void;
}

/** What {@link installModel} produced. */
export interface InstalledModel {
  /** The model directory (absolute). */
  readonly dir: string;
  /** fp32 graph (absolute). */
  readonly modelFile: string;
  /** int8 graph, when written or shipped. */
  readonly quantizedFile: string | undefined;
  /** `onnx export` when the repository had one, else the architecture converted. */
  readonly origin: 'onnx export' | EncoderArchitecture['family'];
  /** Pooling declared by the model's files, if any. */
  readonly pooling: PoolingMode | undefined;
  readonly quantization: QuantizeReport | undefined;
  /** Bytes downloaded (0 for a local folder or when everything was there). */
  readonly downloadedBytes: number;
}

/** Files a sentence-transformers model needs besides its weights (optional ones when present). */
const METADATA = [
  'config.json',
  'tokenizer.json',
  'tokenizer_config.json',
  'special_tokens_map.json',
  'modules.json',
  'sentence_bert_config.json',
  'config_sentence_transformers.json',
  '1_Pooling/config.json',
];
const ONNX_GRAPHS = ['onnx/model.onnx', 'model.onnx'];
const QUANTIZED = /^(onnx\/)?model_(quantized|qint8|quint8|int8)[\w.-]*\.onnx$/;

/** The quantized graph to take among a repository's variants (see {@link quantizedRank}). */
export function pickQuantized(files: readonly string[], arch: string = process.arch): string | undefined {
  return [...files].sort((a, b) => quantizedRank(a, arch) - quantizedRank(b, arch) || a.localeCompare(b))[0];
}

/** The files to fetch from a repository listing, and whether the graph must be built. */
export function selectFiles(paths: readonly string[], int8: boolean): { files: string[]; onnx: string | undefined; weights: string | undefined } {
  const have = new Set(paths);
  if (!have.has('tokenizer.json')) {
    throw new Error(
      'the repository has no tokenizer.json (a "fast" tokenizer file), which the bot needs. Fix: pick a repository that has one ' +
        '(most sentence-transformers models do), or save it once with `AutoTokenizer.from_pretrained(id).save_pretrained(folder)` and install that folder.',
    );
  }
  const files = METADATA.filter((f) => have.has(f));
  const onnx = ONNX_GRAPHS.find((f) => have.has(f));
  if (onnx !== undefined) {
    files.push(onnx);
    if (have.has(`${onnx}_data`)) files.push(`${onnx}_data`);
    const folder = onnx.includes('/') ? 'onnx/' : '';
    const q = int8 ? pickQuantized(paths.filter((p) => QUANTIZED.test(p) && p.startsWith(folder) && !p.slice(folder.length).includes('/'))) : undefined;
    if (q !== undefined) files.push(q);
    return { files, onnx, weights: undefined };
  }
  const weights = WEIGHT_FILES.find((f) => have.has(f));
  if (weights === undefined) {
    const sharded = paths.find((p) => p.endsWith('.index.json'));
    throw new Error(
      sharded !== undefined
        ? `the weights are sharded (${sharded}), which the converter does not read; sentence encoders this size never are. Fix: pick a repository with one model.safetensors or an ONNX export.`
        : 'the repository has neither an ONNX export (onnx/model.onnx) nor model.safetensors / pytorch_model.bin. Fix: check the id, or pick a repository with one of them.',
    );
  }
  if (!have.has('config.json'))
    throw new Error('the repository has weights but no config.json, so the architecture is unknown. Fix: add the config.json of these weights.');
  files.push(weights);
  return { files, onnx: undefined, weights };
}

function listLocal(dir: string): string[] {
  const out: string[] = [];
  for (const f of [
    ...METADATA,
    ...ONNX_GRAPHS,
    ...ONNX_GRAPHS.map((g) => `${g}_data`),
    ...WEIGHT_FILES,
    'model.safetensors.index.json',
    'pytorch_model.bin.index.json',
  ]) {
    if (existsSync(join(dir, f))) out.push(f);
  }
  for (const sub of ['', 'onnx']) {
    const d = join(dir, sub);
    if (!existsSync(d) || !statSync(d).isDirectory()) continue;
    for (const f of readDir(d)) if (QUANTIZED.test(sub ? `${sub}/${f}` : f)) out.push(sub ? `${sub}/${f}` : f);
  }
  return out;
}

function readDir(d: string): string[] {
  return readdirSync(d).filter((f) => statSync(join(d, f)).isFile());
}

/** A safe directory name for models/<name>. */
function dirName(name: string): string {
  if (!/^[\w][\w.-]{0,127}$/.test(name)) throw new Error(`--name "${name}" is not a plain folder name (letters, digits, . _ -)`);
  return name;
}

/**
 * Installs a sentence-transformers model into `models/<name>` in the layout the ONNX encoder
 * reads: downloads (or copies) the needed files, uses the repository's ONNX export when it has
 * one, else builds the graph from the BERT or ConvBERT weights, optionally writes an int8 graph
 * beside it, then loads the directory once to prove it is usable.
 */
export async function installModel(options: InstallOptions): Promise<InstalledModel> {
  const log = options.log ?? (() => {});
  const local = existsSync(options.source) && statSync(options.source).isDirectory();
  if (!local && !HUB_ID.test(options.source)) {
    throw new Error(
      `"${options.source}" is neither a folder nor a hub id. Fix: give owner/name (as in https://huggingface.co/owner/name) or the path of a downloaded repository.`,
    );
  }
  const source = local ? resolve(options.source) : options.source;
  const dir = resolve(options.modelsDir ?? 'models', dirName(options.name ?? basename(source)));
  mkdirSync(dir, { recursive: true });
  const int8 = options.int8 ?? false;

  let downloadedBytes = 0;
  let selection: ReturnType<typeof selectFiles>;
  if (local) {
    selection = selectFiles(listLocal(source), int8);
    if (source !== dir) {
      for (const f of selection.files) {
        mkdirSync(dirname(join(dir, f)), { recursive: true });
        copyFileSync(join(source, f), join(dir, f));
      }
      log(`copied ${selection.files.length} files from ${source}`);
    }
  } else {
    const hub = options.hub ?? new HubClient();
    log(`listing ${source} on ${hub.endpoint}...`);
    const repo = await hub.listFiles(source, options.revision);
    selection = selectFiles(
      repo.files.map((f) => f.path),
      int8,
    );
    const byPath = new Map<string, HubFile>(repo.files.map((f) => [f.path, f]));
    for (const f of selection.files) downloadedBytes += await hub.download(repo, byPath.get(f)!, join(dir, f), options.progress);
    log(
      `${selection.files.length} files of ${source}@${repo.revision.slice(0, 12)} in ${dir} (${(downloadedBytes / 1e6).toFixed(1)} MB downloaded, checksums verified)`,
    );
  }

  // The fp32 graph: the repository's export, or built from the weights.
  let origin: InstalledModel['origin'] = 'onnx export';
  let modelFile: string;
  if (selection.onnx !== undefined) {
    modelFile = join(dir, selection.onnx);
  } else {
    const configFile = join(dir, 'config.json');
    const config = readJsonFile(configFile, 'Fix: download config.json again.') as Record<string, unknown>;
    const arch = readArchitecture(config, configFile);
    const modules = existsSync(join(dir, 'modules.json')) ? readFileSync(join(dir, 'modules.json'), 'utf8') : '';
    if (modules.includes('.Dense'))
      throw new Error(
        `${source} adds a Dense layer after pooling, which the converter does not build. Fix: pick a repository with an ONNX export that has a sentence_embedding output.`,
      );
    const started = performance.now();
    const graph = buildEncoderGraph(arch, loadWeights(join(dir, selection.weights!)), selection.weights!);
    modelFile = join(dir, 'onnx', 'model.onnx');
    mkdirSync(dirname(modelFile), { recursive: true });
    writeFileSync(modelFile, graph);
    origin = arch.family;
    log(
      `built ${modelFile} from ${selection.weights} (${arch.family}, ${arch.layers} layers, hidden ${arch.hidden}, ${(graph.length / 1e6).toFixed(1)} MB) in ${Math.round(performance.now() - started)} ms`,
    );
  }

  // int8 beside fp32.
  let quantizedFile = selection.files.find((f) => QUANTIZED.test(f));
  let quantization: QuantizeReport | undefined;
  if (quantizedFile !== undefined) quantizedFile = join(dir, quantizedFile);
  else if (int8) {
    if (selection.onnx !== undefined && existsSync(`${modelFile}_data`))
      throw new Error(`${modelFile} keeps its weights in external data, which the quantiser does not read. Fix: install without --int8.`);
    const { bytes, report } = quantizeDynamic(readFileSync(modelFile));
    quantizedFile = join(dirname(modelFile), 'model_quantized.onnx');
    writeFileSync(quantizedFile, bytes);
    quantization = report;
    log(
      `wrote ${quantizedFile}: ${report.matrices} matrices int8 (${report.perChannel} per channel), convolutions fp32, ${(report.bytesAfter / 1e6).toFixed(1)} MB`,
    );
  }

  // The directory must load as the encoder reads it (tokenizer, pooling, graph file).
  const read = readModelDirectory(dir, undefined, false);
  return { dir, modelFile, quantizedFile, origin, pooling: read.pooling, quantization, downloadedBytes };
}
