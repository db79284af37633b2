import { readFileSync, writeFileSync } from 'node:fs';
import { relative } from 'node:path';
import { parseDocument } from 'yaml';
import type { InstalledModel } from '../../src/nlp/model-import/install.js';

/** The `encoder:` section selecting an installed model (path relative to `cwd` when inside it). */
export function encoderSection(model: InstalledModel, cwd: string): { kind: 'onnx'; path: string; options: Record<string, unknown> } {
  const rel = relative(cwd, model.dir);
  const path = rel.startsWith('..') ? model.dir : rel.split('\\').join('/');
  // Pooling comes from 1_Pooling/config.json; spelled out so the choice is visible. Without
  // it sentence-transformers (and the encoder) use mean pooling.
  return { kind: 'onnx', path, options: { pooling: model.pooling ?? 'mean' } };
}

/** YAML to paste into config/default.yaml. */
export function encoderYaml(model: InstalledModel, cwd: string): string {
  const s = encoderSection(model, cwd);
  return ['encoder:', '  kind: onnx', `  path: ${s.path}`, '  options:', `    pooling: ${String(s.options['pooling'])}`].join('\n') + '\n';
}

/** Writes the `encoder:` section into a config file, keeping its comments and other settings. */
export function useEncoder(configFile: string, model: InstalledModel, cwd: string): void {
  const doc = parseDocument(readFileSync(configFile, 'utf8'));
  if (doc.errors.length > 0) throw new Error(`${configFile} is not valid YAML (${doc.errors[0]!.message}); fix it or paste the printed section by hand`);
  const s = encoderSection(model, cwd);
  doc.setIn(['encoder', 'kind'], s.kind);
  doc.setIn(['encoder', 'path'], s.path);
  const existing = doc.getIn(['encoder', 'options']);
  if (
    existing === undefined ||
    existing === null ||
    (typeof existing === 'object' && 'items' in existing && (existing as { items: unknown[] }).items.length === 0)
  ) {
    doc.setIn(['encoder', 'options'], doc.createNode(s.options));
  } else {
    doc.setIn(['encoder', 'options', 'pooling'], s.options['pooling']);
  }
  writeFileSync(configFile, doc.toString());
}
