import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readSafetensors } from './safetensors.js';
import type { StateDict } from './tensors.js';
import { readTorchCheckpoint } from './torch-checkpoint.js';

/** Weight files the importer reads, in order of preference (safetensors needs no unpickling). */
export const WEIGHT_FILES = ['model.safetensors', 'pytorch_model.bin'] as const;

/** Which weight file of `dir` to read, or undefined when there is none. */
export function findWeightFile(dir: string, prefer?: (typeof WEIGHT_FILES)[number]): string | undefined {
  const order = prefer ? [prefer, ...WEIGHT_FILES.filter((f) => f !== prefer)] : WEIGHT_FILES;
  const found = order.find((f) => existsSync(join(dir, f)));
  return found === undefined ? undefined : join(dir, found);
}

/** Reads a safetensors or PyTorch checkpoint into float32 tensors. */
export function loadWeights(file: string): StateDict {
  const bytes = readFileSync(file);
  return file.endsWith('.safetensors') ? readSafetensors(bytes, file) : readTorchCheckpoint(bytes, file);
}
