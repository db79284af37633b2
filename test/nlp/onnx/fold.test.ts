import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import type { BuiltModel } from '../../../scripts/model-builder/build.js';
import { createEncoder } from '../../../src/nlp/create-encoder.js';
import { readModelDirectory } from '../../../src/nlp/onnx/model-dir.js';
import { OnnxEncoder } from '../../../src/nlp/onnx/onnx-encoder.js';
import { ChatTokenizer } from '../../../src/nlp/onnx/tokenize.js';
import { maxAbsDiff, removeTinyModels, tinyModel } from './model-fixture.js';

let model: BuiltModel;
let folded: OnnxEncoder;
let raw: OnnxEncoder;

beforeAll(async () => {
  model = await tinyModel();
  folded = await OnnxEncoder.open({ path: model.dir });
  // The per-model switch as config gives it (encoder.options.fold).
  raw = (await createEncoder({ kind: 'onnx', path: model.dir, fold: false })) as OnnxEncoder;
});
afterAll(async () => {
  await folded?.close();
  await raw?.close();
  removeTinyModels();
});

const PLAIN = 'Bonsoir tout le monde, regarde les followers gratuits';
// Cyrillic е/о/а, a zero-width space and a word joiner, fullwidth and mathematical letters, zalgo.
const VARIANT = 'B\u043ensoir t\u043eut le m\u043ende, reg\u0430r\u200bde les fol\u2060lowers ｇｒａｔｕｉｔｓ';
const ZALGO = 'B̷o̵n̶soir tout le monde, regarde les 𝐟𝐨𝐥𝐥𝐨𝐰𝐞𝐫𝐬 gratuits';

describe('obfuscation fold before the ONNX model', () => {
  test('is on by default and part of the encoder id', () => {
    expect(folded.info.fold).toBe(true);
    expect(raw.info.fold).toBe(false);
    expect(folded.id).toMatch(/:fold$/);
    expect(raw.id).toMatch(/:nofold$/);
    expect(folded.id).not.toBe(raw.id);
  });

  test('a homoglyph + zero-width variant gets the same vector as the plain text', async () => {
    const [plain, variant, zalgo] = await folded.encode([PLAIN, VARIANT, ZALGO]);
    expect(Array.from(variant!)).toEqual(Array.from(plain!));
    expect(Array.from(zalgo!)).toEqual(Array.from(plain!));
  });

  test('with fold: false the variant is tokenized differently and gets another vector', async () => {
    const [plain, variant] = await raw.encode([PLAIN, VARIANT]);
    expect(maxAbsDiff(plain!, variant!)).toBeGreaterThan(1e-3);
    // Plain text is unaffected by the switch.
    const [foldedPlain] = await folded.encode([PLAIN]);
    expect(Array.from(foldedPlain!)).toEqual(Array.from(plain!));
  });

  test('the fold keeps what the text says: digits, spaced letters and case give other tokens', () => {
    const tokenizer = new ChatTokenizer(readModelDirectory(model.dir, undefined, false), 128, 'auto');
    expect(tokenizer.fold).toBe(true);
    expect(tokenizer.encode('1000000')).not.toEqual(tokenizer.encode('100'));
    expect(tokenizer.encode('A B C D')).not.toEqual(tokenizer.encode('ABCD'));
    expect(tokenizer.encode('Été à Noël')).not.toEqual(tokenizer.encode('Ete a Noel'));
    expect(tokenizer.encode('NOOOOOOON')).toEqual(tokenizer.encode('NOOON'));
  });

  test('a message of combining marks only has nothing to encode once folded', async () => {
    const [v] = await folded.encode(['\u0301\u0302\u0303'.repeat(50)]);
    expect(Array.from(v!).every((x) => x === 0)).toBe(true);
  });

  test('links obfuscated with invisibles and look-alikes still become <url>', () => {
    const tokenizer = new ChatTokenizer(readModelDirectory(model.dir, undefined, false), 128, 'auto');
    const unfolded = new ChatTokenizer(readModelDirectory(model.dir, undefined, false), 128, 'auto', false);
    const plain = tokenizer.encode('@bob https://bit.ly/abc');
    expect(tokenizer.encode('@\u0432ob h\u200bttps://bit.ly/\u0430bc')).toEqual(plain);
    expect(unfolded.encode('@\u0432ob h\u200bttps://bit.ly/\u0430bc')).not.toEqual(plain);
  });
});
