/**
 * `npm run eval:blocklist -- [--encoder hash|onnx:<dir>] [--set file.tsv] [--split dev|test|all]`
 *
 * Reworded known spam on its first post: each row of test/fixtures/moderation/reworded-spam.tsv
 * is posted once by a fresh account, 31 minutes after the previous one (nothing learned, no flood, no repeat)
 * through the moderation module with default settings and the built-in blocklist. Prints the
 * share of spam caught by the blocklist (target >= 90% on the test split) and the legitimate
 * messages it caught, per split and language.
 */
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { createEncoder } from '../src/nlp/create-encoder.js';
import { SharedEncoder } from '../src/nlp/shared-encoder.js';
import { firstPostFilters, readRewordedSpam } from './moderation/first-posts.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const { values } = parseArgs({
  options: { encoder: { type: 'string', default: 'hash' }, set: { type: 'string' }, split: { type: 'string', default: 'all' }, quiet: { type: 'boolean' } },
});
const enc = values.encoder!;
const rows = readRewordedSpam(resolve(values.set ?? join(root, 'test', 'fixtures', 'moderation', 'reworded-spam.tsv'))).filter(
  (r) => values.split === 'all' || r.split === values.split,
);

const inner = await createEncoder(enc === 'hash' ? { kind: 'hash' } : { kind: 'onnx', path: enc.replace(/^onnx:/, '') });
const encoder = new SharedEncoder(inner, { maxWaitMs: 0 });
await encoder.calibrate();
const caught = await firstPostFilters(rows, encoder);
console.log(
  `encoder ${encoder.id}${encoder.calibration.identity ? '' : ' (calibrated)'}; ${rows.length} first posts from ${values.set ?? 'test/fixtures/moderation/reworded-spam.tsv'}`,
);
for (const split of ['dev', 'test']) {
  for (const lang of ['en', 'fr', 'all']) {
    const sel = rows.map((r, i) => ({ r, i })).filter(({ r }) => r.split === split && (lang === 'all' || r.lang === lang));
    if (sel.length === 0) continue;
    const spam = sel.filter(({ r }) => r.label === 'spam');
    const legit = sel.filter(({ r }) => r.label === 'legit');
    const hit = spam.filter(({ i }) => caught.get(i) === 'blocklist').length;
    const fp = legit.filter(({ i }) => caught.has(i)).length;
    console.log(
      `${split.padEnd(5)} ${lang.padEnd(4)} reworded spam caught by the blocklist: ${hit}/${spam.length} = ${((100 * hit) / Math.max(1, spam.length)).toFixed(1)}%   legitimate acted on: ${fp}/${legit.length}`,
    );
  }
}
if (!values.quiet) {
  console.log('\nmissed spam:');
  rows.forEach((r, i) => r.label === 'spam' && caught.get(i) !== 'blocklist' && console.log(`  [${r.split} ${r.lang}] ${r.text}`));
  console.log('legitimate acted on:');
  rows.forEach((r, i) => r.label === 'legit' && caught.has(i) && console.log(`  [${r.split} ${r.lang} ${caught.get(i)}] ${r.text}`));
}
await encoder.close();
