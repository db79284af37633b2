import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildModel, type BuildModelOptions, type BuiltModel } from '../../../scripts/model-builder/build.js';
import { fixturePath } from '../../helpers/paths.js';

const dirs: string[] = [];

/** Builds a tiny model (or a variant) into a fresh temporary directory. */
export async function tinyModel(options: Partial<BuildModelOptions> = {}): Promise<BuiltModel> {
  const outDir = mkdtempSync(join(tmpdir(), 'onnx-test-'));
  dirs.push(outDir);
  return buildModel({ preset: 'tiny', ...options, outDir });
}

/** Removes every directory {@link tinyModel} created. */
export function removeTinyModels(): void {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
}

/** Messages of the bundled real-chat excerpt (test/fixtures/onnx/chat-excerpt.tsv). */
export function chatExcerpt(): string[] {
  return readFileSync(fixturePath('onnx', 'chat-excerpt.tsv'), 'utf8')
    .split('\n')
    .slice(1)
    .filter((l) => l.length > 0)
    .map((l) => l.split('\t').slice(2).join('\t'));
}

/** Largest absolute difference between two vectors. */
export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new Error(`length ${a.length} != ${b.length}`);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!));
  return m;
}

/** L2 norm. */
export function norm(v: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < v.length; i++) s += v[i]! * v[i]!;
  return Math.sqrt(s);
}
