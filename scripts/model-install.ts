// Installs a sentence-transformers model from the Hugging Face hub or a local folder, without Python.
// Usage: npm run model:install -- <owner/name | folder> [--int8] [--name <dir>] [--use] [--revision <rev>] [--models-dir models] [--no-calibrate]
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import cliProgress from 'cli-progress';
import { loadEnv } from '../src/config/env.js';
import { loadConfig } from '../src/app/load-config.js';
import { HubClient, type DownloadProgress } from '../src/nlp/model-import/hub-client.js';
import { installModel } from '../src/nlp/model-import/install.js';
import { calibrateInstalledModel } from './model-import/calibrate-installed.js';
import { encoderYaml, useEncoder } from './model-import/encoder-config.js';

const USAGE = 'usage: npm run model:install -- <owner/name | folder> [--int8] [--name <dir>] [--use] [--revision <rev>] [--models-dir models] [--no-calibrate]';

/** One bar per file on a terminal, a line per file otherwise (logs, CI). */
function progressBar(): DownloadProgress {
  let bar: cliProgress.SingleBar | undefined;
  let name = '';
  let done = 0;
  return {
    start(file, total, already) {
      name = file;
      if (!process.stderr.isTTY || total === undefined) {
        process.stderr.write(`downloading ${file}${already > 0 ? ` (resuming at ${(already / 1e6).toFixed(1)} MB)` : ''}...\n`);
        return;
      }
      bar = new cliProgress.SingleBar(
        { format: ` {file} [{bar}] {percentage}% {mb}/{totalMb} MB`, stream: process.stderr, hideCursor: true },
        cliProgress.Presets.shades_classic,
      );
      done = already;
      bar.start(total, already, { file, mb: (already / 1e6).toFixed(1), totalMb: (total / 1e6).toFixed(1) });
    },
    advance(bytes) {
      if (!bar) return;
      done += bytes;
      bar.update(done, { file: name, mb: (done / 1e6).toFixed(1) });
    },
    stop() {
      bar?.stop();
      bar = undefined;
    },
  };
}

async function main(): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      allowPositionals: true,
      options: {
        int8: { type: 'boolean', default: false },
        name: { type: 'string' },
        use: { type: 'boolean', default: false },
        revision: { type: 'string', default: 'main' },
        'models-dir': { type: 'string', default: 'models' },
        'no-calibrate': { type: 'boolean', default: false },
      },
    });
  } catch (e) {
    console.error(`${(e as Error).message}\n${USAGE}`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (positionals.length !== 1) {
    console.error(USAGE);
    return 2;
  }
  const env = loadEnv();
  const hub = new HubClient({ endpoint: env.hfEndpoint, ...(env.hfToken ? { token: env.hfToken } : {}) });
  const started = performance.now();
  const model = await installModel({
    source: positionals[0]!,
    modelsDir: values['models-dir'],
    ...(values.name ? { name: values.name } : {}),
    int8: values.int8,
    revision: values.revision,
    hub,
    progress: progressBar(),
    log: (line) => console.error(line),
  });
  console.error(
    `installed ${model.dir} (${model.origin}${model.quantizedFile ? ', int8 beside fp32' : ''}) in ${((performance.now() - started) / 1000).toFixed(1)} s`,
  );
  if (!values['no-calibrate']) {
    // Calibration on the bundled reference chat, saved where the bot reads it at start.
    const storePath = env.storePath ?? loadConfig({ dir: env.configDir }).global.store.path;
    console.error(`calibrating on the bundled reference chat (saved in ${storePath})...`);
    const { text } = await calibrateInstalledModel(model.dir, storePath, env.storePath ? 'BOT_STORE_PATH in .env' : undefined);
    console.error(text);
  }
  if (values.use) {
    const configFile = resolve(env.configDir, 'default.yaml');
    useEncoder(configFile, model, process.cwd());
    console.error(`${configFile}: encoder set to ${model.dir}`);
  } else {
    console.error(`\nTo use it, put this in ${join(env.configDir, 'default.yaml')} (or run again with --use):\n`);
    console.log(encoderYaml(model, process.cwd()));
  }
  return 0;
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(`model:install failed: ${(e as Error).message}`);
    process.exit(1);
  },
);
