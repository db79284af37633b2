#!/usr/bin/env node
// Import-layer check of src/ (see docs/architecture.md): every relative import between top folders
// of src/ must go down the layers, or stay inside one layer without a circle between folders.
// A small script rather than dependency-cruiser: the rule is about folders and layers, not files,
// and needs no TypeScript parser (imports are one regular expression away in this code base).
// usage: node tools/lint/check-layers.mjs [repo]   exit 1 on any violation
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, normalize, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Layers, bottom first. A folder may import its own layer (no circles) and the layers below. */
export const LAYERS = [
  ['chat', 'util'],
  ['config'],
  ['nlp', 'store'],
  ['commands'],
  ['bot'],
  ['faq', 'moderation', 'topics', 'quotes', 'timers', 'custom-commands', 'trust'],
  ['twitch', 'sandbox', 'replay', 'dashboard'],
  ['app'],
  ['(root)'],
];

/** Imports allowed against the layer order, each with its reason. Keep this list short. */
export const EXCEPTIONS = [
  // e.g. { from: 'chat', to: 'store', typeOnly: true } (a type-only import), with the reason.
];

const IMPORT = /(import|export)(\s+type)?[^'"]*?from\s*['"](\.[^'"]+)['"]|import\(\s*['"](\.[^'"]+)['"]\)|^\s*import\s+['"](\.[^'"]+)['"]/gm;

function* tsFiles(dir) {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) yield* tsFiles(p);
    else if (e.name.endsWith('.ts')) yield p;
  }
}

/** Folder-level import edges of `src`: Map<"a -> b", { files, typeOnly }>. */
export function folderEdges(src) {
  const top = (p) => {
    const parts = relative(src, p).split(sep);
    return parts.length > 1 ? parts[0] : '(root)';
  };
  const edges = new Map();
  for (const file of tsFiles(src)) {
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(IMPORT)) {
      const spec = m[3] ?? m[4] ?? m[5];
      const target = normalize(join(dirname(file), spec));
      if (!target.startsWith(src + sep)) continue;
      const a = top(file);
      const b = top(target);
      if (a === b) continue;
      const key = `${a} -> ${b}`;
      const e = edges.get(key) ?? { from: a, to: b, files: [], typeOnly: true };
      e.files.push(relative(dirname(src), file));
      if (!m[2]) e.typeOnly = false;
      edges.set(key, e);
    }
  }
  return edges;
}

export function layerOf(folder) {
  const i = LAYERS.findIndex((l) => l.includes(folder));
  return i;
}

/** Violations of the layer rules and circles between folders, as readable lines. */
export function checkLayers(src) {
  const edges = folderEdges(src);
  const problems = [];
  for (const e of edges.values()) {
    const la = layerOf(e.from);
    const lb = layerOf(e.to);
    if (la < 0) problems.push(`src/${e.from}/ is in no layer: add it to LAYERS in tools/lint/check-layers.mjs and to docs/architecture.md (${e.files[0]})`);
    else if (lb < 0) problems.push(`src/${e.to}/ is in no layer: add it to LAYERS in tools/lint/check-layers.mjs and to docs/architecture.md (${e.files[0]})`);
    else if (lb > la && !EXCEPTIONS.some((x) => x.from === e.from && x.to === e.to && (!x.typeOnly || e.typeOnly))) {
      problems.push(`${e.from} -> ${e.to}: a lower layer imports a higher one, in ${e.files.join(', ')}`);
    }
  }
  // Circles between folders (any length): a folder reaching itself through imports.
  const adj = new Map();
  for (const e of edges.values()) adj.set(e.from, [...(adj.get(e.from) ?? []), e.to]);
  const reported = new Set();
  for (const start of adj.keys()) {
    const stack = [[start, [start]]];
    const seen = new Set();
    while (stack.length) {
      const [node, path] = stack.pop();
      for (const next of adj.get(node) ?? []) {
        if (next === start) {
          const key = [...path].sort().join(',');
          if (!reported.has(key)) {
            reported.add(key);
            problems.push(`circle between folders: ${[...path, start].join(' -> ')}`);
          }
        } else if (!seen.has(next)) {
          seen.add(next);
          stack.push([next, [...path, next]]);
        }
      }
    }
  }
  return { edges: edges.size, problems };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === normalize(process.argv[1])) {
  const repo = process.argv[2] ?? join(dirname(fileURLToPath(import.meta.url)), '..', '..');
  const { edges, problems } = checkLayers(join(repo, 'src'));
  for (const p of problems) console.error(p);
  console.log(`layers: ${edges} folder-level imports, ${problems.length} problem${problems.length === 1 ? '' : 's'} (rules: docs/architecture.md)`);
  process.exit(problems.length ? 1 : 0);
}
