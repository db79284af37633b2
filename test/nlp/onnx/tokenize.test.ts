import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import type { BuiltModel } from '../../../scripts/model-builder/build.js';
import { readModelDirectory } from '../../../src/nlp/onnx/model-dir.js';
import { OnnxEncoder } from '../../../src/nlp/onnx/onnx-encoder.js';
import { replaceMentionsAndUrls } from '../../../src/nlp/onnx/preprocess.js';
import { adaptTokenizerJson, ChatTokenizer } from '../../../src/nlp/onnx/tokenize.js';
import { HOSTILE_CASES } from '../hostile.js';
import { norm, removeTinyModels, tinyModel } from './model-fixture.js';

let model: BuiltModel;
let encoder: OnnxEncoder;
const tokenizer = (preprocess: 'auto' | 'none' = 'auto', max = 128, fold = true): ChatTokenizer =>
  new ChatTokenizer(readModelDirectory(model.dir, undefined, false), max, preprocess, fold);

beforeAll(async () => {
  model = await tinyModel();
  encoder = await OnnxEncoder.open({ path: model.dir });
});
afterAll(async () => {
  await encoder.close();
  removeTinyModels();
});

describe('tokenizer.json of the reference layout', () => {
  test('the Nmt normalizer is replaced by equivalent steps tokenizers.js supports', () => {
    const json = { normalizer: { type: 'Sequence', normalizers: [{ type: 'Nmt' }, { type: 'NFKC' }] } };
    const adapted = adaptTokenizerJson(json) as { normalizer: { normalizers: Array<{ type: string }> } };
    expect(adapted.normalizer.normalizers.map((n) => n.type)).toEqual(['Replace', 'Replace', 'NFKC']);
    const bare = adaptTokenizerJson({ normalizer: { type: 'Nmt' } }) as { normalizer: { type: string } };
    expect(bare.normalizer.type).toBe('Sequence');
  });

  test('Nmt semantics: control characters dropped, odd spaces become spaces', () => {
    // Without the obfuscation fold, which would strip or space these first (test/onnx/fold.test.ts).
    const t = tokenizer('auto', 128, false);
    expect(t.encode('bon\u0007jour')).toEqual(t.encode('bonjour'));
    expect(t.encode('le\u200Bchat')).toEqual(t.encode('le chat'));
    expect(t.encode('le\tchat')).toEqual(t.encode('le chat'));
  });

  test('every message is framed by [CLS] ... [SEP]', () => {
    const ids = tokenizer().encode('bonjour le chat')!;
    expect(ids[0]).toBe(model.vocab.clsId);
    expect(ids[ids.length - 1]).toBe(model.vocab.sepId);
  });
});

describe('reference-model preprocessing', () => {
  test('mentions and URLs are replaced like the reference training code', () => {
    const on = { mentions: true, urls: true };
    expect(replaceMentionsAndUrls('@Usul_ regarde https://www.twitch.tv/jeanmassiet?x=1 !', on)).toBe('<mention> regarde <url> !');
    expect(replaceMentionsAndUrls('va sur bit.ly/abc', on)).toBe('va sur bit.ly/abc');
    expect(replaceMentionsAndUrls('@bob https://x.com', { mentions: false, urls: false })).toBe('@bob https://x.com');
  });

  test("'auto' maps them to the tokenizer's <mention> and <url> tokens; 'none' leaves them", () => {
    const mention = model.vocab.pieces.findIndex(([p]) => p === '<mention>');
    const url = model.vocab.pieces.findIndex(([p]) => p === '<url>');
    const auto = tokenizer('auto').encode('@bob https://clips.twitch.tv/Abc')!;
    // [CLS] <mention> ▁ <url> [SEP]: the whole URL is one token.
    expect(auto).toEqual([model.vocab.clsId, mention, model.vocab.pieces.findIndex(([p]) => p === '\u2581'), url, model.vocab.sepId]);
    expect(tokenizer('none').encode('@bob https://clips.twitch.tv/Abc')!).not.toContain(mention);
    expect(encoder.info.preprocess).toEqual({ mentions: true, urls: true });
  });

  test('different mentioned users give the same vector', async () => {
    const [a, b] = await encoder.encode(['@alice salut', '@bob salut']);
    expect(Array.from(a!)).toEqual(Array.from(b!));
  });
});

describe('hostile chat never throws', () => {
  // The hostile list every NLP function is tested on; texts with nothing to encode get the zero
  // vector (combining marks alone are folded away).
  const NOTHING = new Set(['empty string', 'whitespace only', 'invisible characters only', 'combining marks only']);
  const encodable = HOSTILE_CASES.filter(([name]) => !NOTHING.has(name));
  const nothing: ReadonlyArray<readonly [string, string]> = [
    ...HOSTILE_CASES.filter(([name]) => NOTHING.has(name)),
    ['zero-width only', '\u200B\u200B'],
    ['braille blank', '\u2800'],
    ['tab and newline', '\n\t'],
  ];

  test.each(encodable)('%s: a finite unit vector', async (_, text) => {
    const [v] = await encoder.encode([text]);
    expect(v).toHaveLength(encoder.dim);
    expect(Array.from(v!).every(Number.isFinite)).toBe(true);
    expect(norm(v!)).toBeCloseTo(1, 5);
  });

  test.each(nothing)('%s: nothing to encode, the zero vector', async (_, text) => {
    const [v] = await encoder.encode([text]);
    expect(v).toHaveLength(encoder.dim);
    expect(Array.from(v!).every((x) => x === 0)).toBe(true);
  });

  test('a long message is truncated to maxSeqLength tokens', () => {
    const ids = tokenizer('auto', 16).encode('spam '.repeat(2000))!;
    expect(ids).toHaveLength(16);
    expect(ids[15]).toBe(model.vocab.sepId);
  });
});
