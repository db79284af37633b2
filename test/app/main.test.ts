// The `npm start` process: local mode starts and stops cleanly on SIGTERM; start-up errors are
// one clear message and exit code 2.
import { describe, expect, it } from '@jest/globals';
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from '../helpers/paths.js';

const main = join(repoRoot, 'dist', 'src', 'main.js');

/** Runs main.js with `env`; `onOutput` may return true to send SIGTERM. Resolves on exit. */
function run(env: Record<string, string>, onOutput?: (all: string) => boolean): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [main], {
      cwd: repoRoot,
      env: { PATH: process.env['PATH'] ?? '', ENV_FILE: join(tmpdir(), 'no-such-env-file'), LOG_FORMAT: 'json', ...env },
    });
    let out = '';
    let err = '';
    let signalled = false;
    const check = () => {
      if (!signalled && onOutput?.(out + err)) {
        signalled = true;
        child.kill('SIGTERM');
      }
    };
    child.stdout.on('data', (d: Buffer) => ((out += d.toString()), check()));
    child.stderr.on('data', (d: Buffer) => ((err += d.toString()), check()));
    child.on('exit', (code) => resolve({ code, out, err }));
  });
}

describe('npm start (dist/src/main.js)', () => {
  it('without credentials starts local mode, prints the page URL, and shuts down cleanly on SIGTERM', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bot-main-'));
    const r = await run(
      { SANDBOX_PORT: '0', BOT_STORE_PATH: join(dir, 'store.sqlite'), LOG_LEVEL: 'info' },
      (all) => all.includes('"msg":"joined channel"') && all.includes('Open http'),
    );
    expect(r.out).toMatch(/Local mode: no Twitch credentials/);
    expect(r.out).toMatch(/Open http:\/\/127\.0\.0\.1:\d+\//);
    expect(r.err).toMatch(
      /"msg":"running in local mode \(no Twitch credentials\)","url":"http:\/\/127\.0\.0\.1:\d+\/","bot":"semanticbot","channels":\["sandbox"\]/,
    );
    expect(r.err).toContain('"msg":"bot is a moderator here: its moderation actions will work","channel":"sandbox"');
    expect(r.err).not.toMatch(/sandbox-(access|refresh)-token/);
    expect(r.err).toContain('"msg":"shutting down","signal":"SIGTERM"');
    expect(r.err).toContain('"msg":"stopped"');
    expect(r.code).toBe(0);
  });

  it('a config error names file, key and fix, with exit code 2 and no stack trace', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bot-main-'));
    writeFileSync(join(dir, 'default.yaml'), 'channel:\n  prefx: "?"\n');
    const r = await run({ BOT_CONFIG_DIR: dir });
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/default\.yaml:2:3: channel\.prefx: unknown key "prefx"\. Fix: did you mean "prefix"\?/);
    expect(r.err).not.toMatch(/\n\s+at /);
  });

  it('a corrupt token file says to run npm run auth', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bot-main-'));
    const token = join(dir, 'token.json');
    writeFileSync(token, 'not json at all');
    const r = await run({ TWITCH_CLIENT_ID: 'someclientid', TWITCH_CHANNELS: 'somechannel', TWITCH_TOKEN_FILE: token, BOT_STORE_PATH: join(dir, 's.sqlite') });
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/Token file .*token\.json is corrupt .*Fix: run `npm run auth`/);
  });

  it('Twitch mode without channels says where to set them', async () => {
    const r = await run({ TWITCH_CLIENT_ID: 'someclientid', BOT_CONFIG_DIR: join(repoRoot, 'config') });
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/No channel to join\. Fix: set TWITCH_CHANNELS/);
  });
});
