import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { copyFileSync, cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { buildModel } from '../../../scripts/model-builder/build.js';
import { encoderYaml, useEncoder } from '../../../scripts/model-import/encoder-config.js';
import { calibrateInstalledModel } from '../../../scripts/model-import/calibrate-installed.js';
import { startHubServer, type HubServer } from '../../../scripts/model-import/hub-server.js';
import { CalibrationStore } from '../../../src/store/calibration-store.js';
import { Store } from '../../../src/store/store.js';
import type { ReferenceOutputs } from '../../../scripts/model-import/parity.js';
import { HubClient } from '../../../src/nlp/model-import/hub-client.js';
import { installModel, type InstalledModel } from '../../../src/nlp/model-import/install.js';
import { OnnxEncoder } from '../../../src/nlp/onnx/onnx-encoder.js';
import { fixturePath } from '../../helpers/paths.js';

const root = mkdtempSync(join(tmpdir(), 'model-install-'));
const fixture = (name: string): string => fixturePath('model-import', name);
let hub: HubServer;

/** A copy of a fixture repository without some files (e.g. only one weight format). */
function repoWithout(name: string, ...drop: string[]): string {
  const dir = mkdtempSync(join(root, `${name}-`));
  cpSync(fixture(name), dir, { recursive: true });
  for (const f of drop) rmSync(join(dir, f), { force: true });
  return dir;
}

beforeAll(async () => {
  const onnxRepo = join(root, 'onnx-repo');
  await buildModel({ preset: 'tiny', outDir: onnxRepo, pooling: 'mean' });
  writeFileSync(join(onnxRepo, 'pytorch_model.bin'), 'weights the installer must not fetch');
  const legacy = repoWithout('bert-tiny', 'model.safetensors');
  writeFileSync(join(legacy, 'pytorch_model.bin'), Uint8Array.from([0x80, 0x02, 0x8a, 0x0a, 0x6c, 0xfc, 0x9c, 0x46, 0xf9, 0x20, 0x6a, 0xa8, 0x2e]));
  hub = await startHubServer({
    repos: {
      'lincoln/convbert-bin': repoWithout('convbert-tiny', 'model.safetensors'),
      'lincoln/convbert-st': repoWithout('convbert-tiny', 'pytorch_model.bin'),
      'org/bert-bin': repoWithout('bert-tiny', 'model.safetensors'),
      'org/bert-st': repoWithout('bert-tiny', 'pytorch_model.bin'),
      'org/bert-legacy': legacy,
      'Xenova/tiny-onnx': onnxRepo,
      'me/private': repoWithout('convbert-tiny', 'pytorch_model.bin'),
      'me/resume': repoWithout('convbert-tiny', 'pytorch_model.bin'),
      'me/corrupt': repoWithout('convbert-tiny', 'pytorch_model.bin'),
    },
    privateRepos: ['me/private'],
    privateToken: 'hf_secret',
  });
});

afterAll(async () => {
  await hub.close();
  rmSync(root, { recursive: true, force: true });
});

const install = (source: string, extra: Partial<Parameters<typeof installModel>[0]> = {}): Promise<InstalledModel> =>
  installModel({ source, modelsDir: join(root, 'models'), hub: new HubClient({ endpoint: hub.url }), ...extra });

async function failure(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error('expected a failure');
}

function cosine(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let d = 0,
    x = 0,
    y = 0;
  for (let i = 0; i < a.length; i++) ((d += a[i]! * b[i]!), (x += a[i]! ** 2), (y += b[i]! ** 2));
  return d / Math.sqrt(x * y);
}

/** The installed directory works as the bot's encoder and gives the reference's vectors. */
async function expectReferenceVectors(
  model: InstalledModel,
  fixtureName: string,
  pooling: 'cls' | 'mean',
  quantized: boolean | undefined = false,
): Promise<void> {
  const ref = JSON.parse(readFileSync(join(fixture(fixtureName), 'reference.json'), 'utf8')) as ReferenceOutputs & { messages: string[] };
  const encoder = await OnnxEncoder.open({ path: model.dir, intraOpThreads: 1, quantized });
  try {
    expect(encoder.info.pooling).toBe(pooling);
    const vectors = await encoder.encode(ref.messages);
    vectors.forEach((v, i) => {
      const want = ref[pooling][i]!;
      const n = Math.hypot(...want);
      const limit = quantized === false ? 1e-4 : undefined;
      if (limit !== undefined) for (let d = 0; d < v.length; d++) expect(Math.abs(v[d]! - want[d]! / n)).toBeLessThan(limit);
      else expect(cosine(v, want)).toBeGreaterThan(0.99);
    });
  } finally {
    await encoder.close();
  }
}

describe('npm run model:install through a local hub', () => {
  test.each([
    ['lincoln/convbert-bin', 'convbert-tiny', 'cls', 'pytorch_model.bin'],
    ['lincoln/convbert-st', 'convbert-tiny', 'cls', 'model.safetensors'],
    ['org/bert-bin', 'bert-tiny', 'mean', 'pytorch_model.bin'],
    ['org/bert-st', 'bert-tiny', 'mean', 'model.safetensors'],
  ] as const)('%s: downloads, builds the graph from %s weights, loads with the reference vectors', async (id, name, pooling, weights) => {
    const model = await install(id, { int8: true });
    expect(model.origin).toBe(name.startsWith('convbert') ? 'convbert' : 'bert');
    expect(model.pooling).toBe(pooling);
    expect(existsSync(join(model.dir, weights))).toBe(true);
    expect(model.modelFile).toBe(join(model.dir, 'onnx', 'model.onnx'));
    expect(model.quantizedFile).toBe(join(model.dir, 'onnx', 'model_quantized.onnx'));
    await expectReferenceVectors(model, name, pooling, false);
    // Unconfigured, the encoder picks the int8 graph written beside fp32.
    const auto = await OnnxEncoder.open({ path: model.dir, intraOpThreads: 1 });
    expect(auto.info.modelFile).toBe(model.quantizedFile);
    await auto.close();
    await expectReferenceVectors(model, name, pooling, undefined);
    expect(encoderYaml(model, root)).toBe(`encoder:\n  kind: onnx\n  path: ${join('models', id.split('/')[1]!)}\n  options:\n    pooling: ${pooling}\n`);
  });

  test('a repository with an ONNX export is used as it is (weights not fetched)', async () => {
    const model = await install('Xenova/tiny-onnx', { name: 'tiny' });
    expect(model.origin).toBe('onnx export');
    expect(model.modelFile).toBe(join(root, 'models', 'tiny', 'onnx', 'model.onnx'));
    expect(model.quantizedFile).toBeUndefined();
    expect(hub.requests.some((r) => r.includes('Xenova/tiny-onnx') && r.includes('pytorch_model.bin'))).toBe(false);
    const encoder = await OnnxEncoder.open({ path: model.dir, intraOpThreads: 1 });
    expect(encoder.info.pooling).toBe('mean');
    expect((await encoder.encode(['salut le chat']))[0]!.length).toBe(32);
    await encoder.close();
    // --int8 on an export without a quantized graph quantises it here, beside it.
    const int8 = await install('Xenova/tiny-onnx', { name: 'tiny', int8: true });
    expect(int8.quantizedFile).toBe(join(root, 'models', 'tiny', 'onnx', 'model_quantized.onnx'));
    expect(int8.quantization?.matrices).toBeGreaterThan(0);
  });

  test('--int8 takes the quantized graph an ONNX repository ships', async () => {
    const repo = mkdtempSync(join(root, 'shipped-'));
    await buildModel({ preset: 'tiny', outDir: repo });
    copyFileSync(join(repo, 'onnx', 'model.onnx'), join(repo, 'onnx', 'model_quantized.onnx'));
    const server = await startHubServer({ repos: { 'Xenova/shipped': repo } });
    try {
      const model = await installModel({
        source: 'Xenova/shipped',
        modelsDir: join(root, 'shipped-models'),
        int8: true,
        hub: new HubClient({ endpoint: server.url }),
      });
      expect(model.quantizedFile).toBe(join(model.dir, 'onnx', 'model_quantized.onnx'));
      expect(model.quantization).toBeUndefined();
      expect(server.requests.some((r) => r.includes('model_quantized.onnx'))).toBe(true);
    } finally {
      await server.close();
    }
  });

  test('an interrupted download resumes where it stopped, then verifies the checksum', async () => {
    const server = await startHubServer({ repos: { 'me/resume': repoWithout('convbert-tiny', 'pytorch_model.bin') }, cutFirstDownloadAfter: 40_000 });
    try {
      const client = new HubClient({ endpoint: server.url });
      const dir = join(root, 'resume-models');
      const first = await failure(installModel({ source: 'me/resume', modelsDir: dir, hub: client }));
      expect(first).toMatch(/interrupted.*Fix: run the same command again; it resumes/);
      expect(existsSync(join(dir, 'resume', 'model.safetensors.part'))).toBe(true);
      const model = await installModel({ source: 'me/resume', modelsDir: dir, hub: client });
      expect(server.requests.some((r) => r.startsWith('GET /cdn/') && r.endsWith('bytes=40000-'))).toBe(true);
      expect(model.downloadedBytes).toBeLessThan(readFileSync(join(model.dir, 'model.safetensors')).length);
      await expectReferenceVectors(model, 'convbert-tiny', 'cls');
      // Everything already there: nothing downloaded again.
      expect((await installModel({ source: 'me/resume', modelsDir: dir, hub: client })).downloadedBytes).toBe(0);
    } finally {
      await server.close();
    }
  });

  test('a file that fails its sha256 is deleted and reported', async () => {
    const bytes = readFileSync(join(fixture('convbert-tiny'), 'model.safetensors'));
    const bad = Uint8Array.from(bytes);
    bad[bytes.length - 1]! ^= 0xff;
    const server = await startHubServer({ repos: { 'me/corrupt': repoWithout('convbert-tiny', 'pytorch_model.bin') }, corrupt: { 'model.safetensors': bad } });
    try {
      const dir = join(root, 'corrupt-models');
      const message = await failure(installModel({ source: 'me/corrupt', modelsDir: dir, hub: new HubClient({ endpoint: server.url }) }));
      expect(message).toMatch(/model\.safetensors failed its checksum \(sha256 [0-9a-f]{64}, expected [0-9a-f]{64}\).*Fix: run the command again/);
      expect(existsSync(join(dir, 'corrupt', 'model.safetensors'))).toBe(false);
      expect(existsSync(join(dir, 'corrupt', 'model.safetensors.part'))).toBe(false);
    } finally {
      await server.close();
    }
  });

  test('private models need HF_TOKEN; the token is sent to the hub', async () => {
    expect(await failure(install('me/private'))).toMatch(/"me\/private" not found on .*HTTP 401.*set HF_TOKEN in \.env/);
    const model = await install('me/private', { hub: new HubClient({ endpoint: hub.url, token: 'hf_secret' }) });
    expect(model.origin).toBe('convbert');
  });

  test('unknown model, offline hub, bad id, legacy checkpoint: errors with the fix', async () => {
    expect(await failure(install('nobody/nothing'))).toMatch(/"nobody\/nothing" not found on http:\/\/127\.0\.0\.1:\d+ \(HTTP 40[14]\)\. Fix: check the id/);
    // A port nobody listens on: the one a closed server had.
    const closed = await startHubServer({ repos: {} });
    await closed.close();
    const offline = await failure(install('lincoln/convbert-st', { hub: new HubClient({ endpoint: closed.url }) }));
    expect(offline).toMatch(/cannot reach http:\/\/127\.0\.0\.1:\d+ \(ECONNREFUSED\)\. Fix: .*HF_ENDPOINT.*npm run model:install -- <folder>/);
    expect(await failure(install('not a model id'))).toMatch(/neither a folder nor a hub id/);
    expect(await failure(install('org/bert-legacy'))).toMatch(/legacy \(pre-1\.6\) serialisation.*Fix/);
  });

  test('a local folder installs without a hub, and --use writes the encoder section', async () => {
    const model = await installModel({ source: fixture('convbert-tiny'), modelsDir: join(root, 'local-models'), int8: false });
    expect(model.downloadedBytes).toBe(0);
    expect(model.quantizedFile).toBeUndefined();
    await expectReferenceVectors(model, 'convbert-tiny', 'cls', undefined);
    const config = join(root, 'default.yaml');
    copyFileSync(fixturePath('..', '..', 'config', 'default.yaml'), config);
    const before = readFileSync(config, 'utf8');
    useEncoder(config, model, root);
    const after = readFileSync(config, 'utf8');
    const parsed = parse(after) as { encoder: unknown; channels: unknown };
    expect(parsed.encoder).toMatchObject({ kind: 'onnx', path: 'local-models/convbert-tiny', options: { pooling: 'cls' } });
    expect(parsed.channels).toEqual((parse(before) as { channels: unknown }).channels);
    expect(after).toContain('# The one sentence encoder shared by moderation'); // comments kept
  });

  test('install calibrates the model on the reference chat and saves it where the bot reads it', async () => {
    const model = await installModel({ source: fixture('bert-tiny'), modelsDir: join(root, 'calibrated-models') });
    const storePath = join(root, 'bot.sqlite');
    const { result, text } = await calibrateInstalledModel(model.dir, storePath);
    expect(text).toContain('faq.threshold');
    expect(Object.keys(result.thresholds).length).toBeGreaterThan(0);
    const encoder = await OnnxEncoder.open({ path: model.dir, intraOpThreads: 1 });
    const store = Store.open({ path: storePath });
    try {
      expect(new CalibrationStore(store).loadMean(encoder.id)?.length).toBe(encoder.dim);
    } finally {
      store.close();
      await encoder.close();
    }
  });
});

describe('choice of a shipped quantized graph', () => {
  test('generic first, then the variant for this CPU architecture', async () => {
    const { pickQuantized } = await import('../../../src/nlp/model-import/install.js');
    const optimum = ['onnx/model_qint8_arm64.onnx', 'onnx/model_quint8_avx2.onnx', 'onnx/model_qint8_avx512.onnx', 'onnx/model_qint8_avx512_vnni.onnx'];
    expect(pickQuantized(optimum, 'x64')).toBe('onnx/model_qint8_avx512_vnni.onnx');
    expect(pickQuantized(optimum, 'arm64')).toBe('onnx/model_qint8_arm64.onnx');
    expect(pickQuantized([...optimum, 'onnx/model_quantized.onnx'], 'x64')).toBe('onnx/model_quantized.onnx');
    expect(pickQuantized([], 'x64')).toBeUndefined();
  });
});
