// Quality and speed of the built-in hashing encoder on real chat.
// Usage: npm run eval:hash-encoder -- [chat.tsv]   (default: test/fixtures/nlp/chat-sample.tsv)
// The TSV has a header and columns time, reference_label, message (the Backseat data layout).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { HashEncoder } from '../src/nlp/hash-encoder.js';
import { normalizeText } from '../src/nlp/normalize.js';
import { dot } from '../src/nlp/similarity.js';

const file = process.argv[2] ?? join(process.cwd(), 'test', 'fixtures', 'nlp', 'chat-sample.tsv');
const lines = readFileSync(file, 'utf8')
  .split('\n')
  .slice(1)
  .filter((l) => l.trim())
  .map((l) => {
    const [, label, message] = l.split('\t');
    return { label: label ?? '', message: message ?? '' };
  });

// Deterministic pseudo-random choices (LCG)
let seed = 42;
const rnd = (): number => {
  seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
  return seed / 2 ** 32;
};

const enc = new HashEncoder();
const sim = (a: string, b: string): number => dot(enc.encodeOne(a), enc.encodeOne(b));
const q = (sorted: number[], p: number): string => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!.toFixed(3);

// Distinct messages of 3+ words
const byKey = new Map<string, { label: string; message: string }>();
for (const l of lines) if (normalizeText(l.message).split(' ').length >= 3) byKey.set(normalizeText(l.message), l);
const uniq = [...byKey.values()];
const sample = Array.from({ length: Math.min(400, uniq.length) }, () => uniq[Math.floor(rnd() * uniq.length)]!);

const HOMO: Record<string, string> = { a: 'а', e: 'е', o: 'о', c: 'с', p: 'р', x: 'х', y: 'у', i: 'і' };
const variants: Record<string, (s: string) => string> = {
  'one typo': (s) => {
    const i = 1 + Math.floor(rnd() * Math.max(1, s.length - 2));
    return s.slice(0, i) + s.slice(i + 1);
  },
  'stretched letters': (s) => s.replace(/([aeiou])/i, '$1$1$1$1$1'),
  homoglyphs: (s) => s.replace(/[aeocpxyi]/g, (c) => (rnd() < 0.6 ? HOMO[c]! : c)),
  'inserted spaces': (s) =>
    s
      .split(' ')
      .map((w) => (rnd() < 0.5 ? [...w].join(' ') : w))
      .join('  '),
  'added emotes': (s) => `${s} KEKW KEKW`,
};

console.log(`hashing encoder ${enc.id} on ${file} (${lines.length} lines, ${uniq.length} distinct of 3+ words)`);
console.log('near-duplicates (message vs variant):');
for (const [name, f] of Object.entries(variants)) {
  const s = sample.map((l) => sim(l.message, f(l.message))).sort((a, b) => a - b);
  console.log(`  ${name.padEnd(18)} min ${q(s, 0)}  p5 ${q(s, 0.05)}  median ${q(s, 0.5)}`);
}
const un: number[] = [];
for (let i = 0; i < 20_000; i++) {
  const a = uniq[Math.floor(rnd() * uniq.length)]!;
  const b = uniq[Math.floor(rnd() * uniq.length)]!;
  if (a !== b && a.label !== b.label) un.push(sim(a.message, b.message));
}
un.sort((a, b) => a - b);
const mean = un.reduce((a, b) => a + b, 0) / Math.max(1, un.length);
console.log(`unrelated pairs (different reference labels, n=${un.length}):`);
console.log(`  mean ${mean.toFixed(3)}  median ${q(un, 0.5)}  p95 ${q(un, 0.95)}  p99 ${q(un, 0.99)}  p99.9 ${q(un, 0.999)}`);

// Throughput on one core (wall and CPU time of this thread)
const texts = lines.map((l) => l.message);
for (const t of texts) enc.encodeOne(t);
const cpu0 = process.cpuUsage();
const t0 = performance.now();
let n = 0;
while (performance.now() - t0 < 3000) {
  for (const t of texts) enc.encodeOne(t);
  n += texts.length;
}
const wall = (performance.now() - t0) / 1000;
const cpu = process.cpuUsage(cpu0);
console.log(`throughput: ${Math.round(n / wall)} msgs/s wall, ${Math.round(n / ((cpu.user + cpu.system) / 1e6))} msgs/s per CPU-second (${n} encodes)`);
