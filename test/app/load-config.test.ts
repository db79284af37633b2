import { describe, expect, it } from '@jest/globals';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultChannelConfig } from '../../src/app/channel-config.js';
import { loadEnv } from '../../src/config/env.js';
import { ConfigError } from '../../src/config/errors.js';
import { loadConfig } from '../../src/app/load-config.js';
import { readSections, syncSections } from '../../src/config/sections.js';
import { repoRoot } from '../helpers/paths.js';

function configDir(defaultYaml: string, channels: Record<string, string> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'bot-config-'));
  writeFileSync(join(dir, 'default.yaml'), defaultYaml);
  if (Object.keys(channels).length) mkdirSync(join(dir, 'channels'));
  for (const [name, text] of Object.entries(channels)) writeFileSync(join(dir, 'channels', name), text);
  return dir;
}

function errorOf(fn: () => unknown): ConfigError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return err as ConfigError;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig', () => {
  it('loads the shipped config/default.yaml: every documented value equals the schema default', () => {
    const cfg = loadConfig({ dir: join(repoRoot, 'config'), channels: ['somechannel'] });
    expect(cfg.defaultChannel).toEqual(defaultChannelConfig());
    expect(cfg.global.store.path).toBe('data/bot.sqlite');
    expect(cfg.global.encoder.kind).toBe('hash');
    expect(cfg.channels).toEqual(['somechannel']);
  });

  it('config/default.yaml contains every config/sections/*.yaml (else: npm run config:sync)', () => {
    const dir = join(repoRoot, 'config');
    const text = readFileSync(join(dir, 'default.yaml'), 'utf8');
    expect(syncSections(text, readSections(dir))).toBe(text);
  });

  it('deep-merges a channel override over the defaults (lists replaced)', () => {
    const dir = configDir('channels: [alpha, "#Beta"]\nchannel:\n  prefix: "!"\n  ignoredBots: [nightbot]\n  commands:\n    userCooldownSeconds: 7\n', {
      'beta.yaml': 'prefix: "?"\ncommands:\n  globalCooldownSeconds: 9\nignoredBots: [moobot]\n',
    });
    const cfg = loadConfig({ dir });
    expect(cfg.channels).toEqual(['alpha', 'beta']);
    const beta = cfg.channelConfigs.get('beta')!;
    expect(beta.prefix).toBe('?');
    expect(beta.commands).toMatchObject({ userCooldownSeconds: 7, globalCooldownSeconds: 9 });
    expect(beta.ignoredBots).toEqual(['moobot']);
    expect(cfg.channelConfigs.get('alpha')!.prefix).toBe('!');
    expect(cfg.warnings).toEqual([]);
  });

  it('bad YAML names the file, line and column', () => {
    const dir = configDir('log:\n  level: info\n   format: json\n');
    const e = errorOf(() => loadConfig({ dir }));
    expect(e.message).toMatch(/default\.yaml:[23]:\d+: invalid YAML/);
    expect(e.message).toMatch(/Fix:/);
  });

  it('a wrong type names the key, the file and line, and the fix', () => {
    const dir = configDir('channel:\n  prefix: "!"\n', { 'gamer.yaml': 'commands:\n  userCooldownSeconds: "lots"\n' });
    const e = errorOf(() => loadConfig({ dir }));
    expect(e.message).toContain(join(dir, 'channels', 'gamer.yaml') + ':2:3: commands.userCooldownSeconds');
    expect(e.message).toMatch(/expected number.*Fix: set it to a number/);
  });

  it('an unknown key is an error with a "did you mean"', () => {
    const dir = configDir('log:\n  levle: debug\nchannel:\n  prefx: "?"\n  commands:\n    userCooldownSecs: 3\n');
    const e = errorOf(() => loadConfig({ dir }));
    expect(e.message).toMatch(/default\.yaml:2:3: log\.levle: unknown key "levle"\. Fix: did you mean "level"\?/);
    expect(e.message).toMatch(/default\.yaml:4:3: channel\.prefx: unknown key "prefx"\. Fix: did you mean "prefix"\?/);
    expect(e.message).toMatch(/channel\.commands\.userCooldownSecs: .*did you mean "userCooldownSeconds"/);
    expect(e.message).toMatch(/3 problems/);
  });

  it('guesses only close names: a short unrelated key lists the known keys instead', () => {
    const e = errorOf(() => loadConfig({ dir: configDir('foo: 1\nlog:\n  lvl: debug\n') }));
    expect(e.message).toMatch(/:1:1: foo: unknown key "foo"\. Fix: remove the key \(known keys here: .*\blog\b/);
    expect(e.message).toMatch(/log\.lvl: unknown key "lvl"\. Fix: remove the key \(known keys here: level, format\)/);
  });

  it('a bare "!" (a YAML tag, read as an empty string) is explained with the quoted form', () => {
    const e = errorOf(() => loadConfig({ dir: configDir('channel:\n  prefix: !\n') }));
    expect(e.message).toMatch(
      /default\.yaml:2:3: channel\.prefix: .*Fix: set a non-empty value, in quotes when it starts with a symbol \(e\.g\. prefix: "!"\)\./,
    );
  });

  it('says how to write a list, a mapping and a boolean in YAML', () => {
    const dir = configDir('channels: mychannel\nlog: verbose\nsandbox:\n  backgroundChat: "no"\n');
    const e = errorOf(() => loadConfig({ dir }));
    expect(e.message).toMatch(/channels: .*Fix: set it to a list, e\.g\. \[a, b\]/);
    expect(e.message).toMatch(/log: .*Fix: set it to a mapping of keys to values/);
    expect(e.message).toMatch(/sandbox\.backgroundChat: .*Fix: set it to true or false/);
  });

  it('an out-of-range value and a bad enum say what is allowed', () => {
    const dir = configDir('log:\n  level: loud\ntwitch:\n  helixRetries: 9\n');
    const e = errorOf(() => loadConfig({ dir }));
    expect(e.message).toMatch(/log\.level: .*Fix: use one of: "debug", "info"/);
    expect(e.message).toMatch(/twitch\.helixRetries: .*Fix: use at most 5/);
  });

  it('an onnx encoder without a model directory is a config error at its line, not a start-up crash', () => {
    const e = errorOf(() => loadConfig({ dir: configDir('encoder:\n  kind: onnx\n') }));
    expect(e.message).toMatch(
      /default\.yaml:2:3: encoder\.kind: onnx needs a model directory in encoder\.path\. Fix: set encoder\.path to the model directory/,
    );
    expect(loadConfig({ dir: configDir('encoder:\n  kind: onnx\n  path: models/x\n') }).global.encoder.path).toBe('models/x');
  });

  it('a missing default.yaml and a misnamed override file are explained', () => {
    expect(errorOf(() => loadConfig({ dir: join(tmpdir(), 'no-such-config-dir') })).message).toMatch(/not found\. Fix: .*BOT_CONFIG_DIR/);
    const dir = configDir('channels: [alpha]\n', { 'not a login!.yaml': 'prefix: "?"\n', 'zeta.yaml': 'prefix: "?"\n' });
    expect(errorOf(() => loadConfig({ dir })).message).toMatch(/is not a Twitch channel login/);
  });

  it('warns about an override file for a channel that is not joined', () => {
    const dir = configDir('channels: [alpha]\n', { 'zeta.yaml': 'prefix: "?"\n' });
    expect(loadConfig({ dir }).warnings[0]).toMatch(/zeta\.yaml configures #zeta/);
  });

  it('in local mode the sandbox channel is the one joined: its override applies without a warning', () => {
    const dir = configDir('channels: [alpha]\nsandbox: { channel: sandbox }\n', { 'sandbox.yaml': 'prefix: "?"\n', 'alpha.yaml': 'prefix: "$"\n' });
    const local = loadConfig({ dir, localMode: true });
    expect(local.channels).toEqual(['sandbox']);
    expect(local.channelConfigs.get('sandbox')!.prefix).toBe('?');
    expect(local.warnings).toEqual([expect.stringMatching(/alpha\.yaml configures #alpha/)]);
    expect(loadConfig({ dir }).warnings).toEqual([expect.stringMatching(/sandbox\.yaml configures #sandbox/)]);
  });
});

describe('loadEnv', () => {
  it('reads .env, lets the environment win, and applies defaults', () => {
    const dir = mkdtempSync(join(tmpdir(), 'bot-env-'));
    writeFileSync(join(dir, '.env'), 'TWITCH_CLIENT_ID=abc\nTWITCH_CHANNELS=One, two\nLOG_LEVEL=debug\n');
    const env = loadEnv({ envFile: join(dir, '.env'), source: { LOG_LEVEL: 'warn' } });
    expect(env).toMatchObject({
      twitchClientId: 'abc',
      channels: ['one', 'two'],
      logLevel: 'warn',
      tokenFile: 'data/token.json',
      configDir: 'config',
      mode: 'auto',
    });
  });

  it('names the variable and the fix on a bad value', () => {
    const none = join(tmpdir(), 'no-such.env');
    expect(() => loadEnv({ envFile: none, source: { TWITCH_CHANNELS: 'good, bad name!' } })).toThrow(/TWITCH_CHANNELS .*"name!" is not a Twitch login\. Fix:/);
    expect(() => loadEnv({ envFile: none, source: { LOG_LEVEL: 'loud' } })).toThrow(/LOG_LEVEL .*Fix: use one of debug/);
    expect(() => loadEnv({ envFile: none, source: { BOT_MODE: 'cloud' } })).toThrow(/BOT_MODE .*Fix: use auto, twitch or local/);
    expect(() => loadEnv({ envFile: none, source: { HEALTH_PORT: 'high' } })).toThrow(
      /HEALTH_PORT .*Fix: use a port number 1-65535, 0 for any free port, or off/,
    );
  });

  it('HEALTH_PORT: a port, 0 for any free one, or off', () => {
    const none = join(tmpdir(), 'no-such.env');
    expect(loadEnv({ envFile: none, source: { HEALTH_PORT: '9000' } }).healthPort).toBe(9000);
    expect(loadEnv({ envFile: none, source: { HEALTH_PORT: 'off' } }).healthPort).toBeNull();
    expect(loadEnv({ envFile: none, source: {} }).healthPort).toBeUndefined();
  });
});
