import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { customCommandsConfigSchema } from '../../src/custom-commands/config.js';
import { importCommands, parseCommandExport } from '../../src/custom-commands/import.js';
import { CustomCommandSource } from '../../src/custom-commands/runner.js';
import { CustomCommandService } from '../../src/custom-commands/service.js';
import { CustomCommandStore } from '../../src/custom-commands/store.js';
import { Store } from '../../src/store/store.js';
import { fixturePath } from '../helpers/paths.js';

const read = (name: string): unknown => JSON.parse(readFileSync(fixturePath('custom-commands', name), 'utf8'));

function service(): CustomCommandService {
  const source = new CustomCommandSource(new CustomCommandStore(Store.open({ path: ':memory:' })), () => 0);
  source.attach((n) => n === 'topic' || n === 'cmd');
  return new CustomCommandService(source.store, source);
}

describe('Nightbot / StreamElements import', () => {
  it('reads a Nightbot export: levels, cooldowns, counts, /me, unsupported variables', () => {
    const parsed = parseCommandExport(read('nightbot-export.json'));
    expect(parsed.format).toBe('nightbot');
    expect(parsed.commands.map((c) => [c.name, c.response, c.options.permission, c.options.globalCooldownSeconds, c.uses])).toEqual([
      ['discord', 'Join the discord: discord.gg/abc $(user)', 'everyone', 30, 12],
      ['hug', 'hugs $(touser)', 'subscriber', 5, 0],
      ['weather', '$(urlfetch https://wttr.in/?format=3)', 'moderator', 5, 0],
      ['topic', 'Nightbot topic', 'everyone', 5, 0],
    ]);
    expect(parsed.warnings).toEqual(['weather: variables kept as text (not supported): urlfetch']);
    const s = service();
    const report = importCommands(s, 'chan', customCommandsConfigSchema.parse({}), parsed, 1000);
    expect(report.added).toEqual(['discord', 'hug', 'weather']);
    expect(report.skipped).toEqual(['topic: reserved (topic)']);
    expect(s.store.find('chan', 'discord')).toMatchObject({ uses: 12, globalCooldownSeconds: 30, createdBy: 'import' });
  });

  it('reads a StreamElements export: aliases, user/global cooldowns, access levels; refuses a Twitch command', () => {
    const parsed = parseCommandExport(read('streamelements-export.json'));
    expect(parsed.format).toBe('streamelements');
    expect(parsed.warnings).toEqual(['old: disabled in StreamElements, not imported']);
    const s = service();
    const report = importCommands(s, 'chan', customCommandsConfigSchema.parse({}), parsed, 1000);
    expect(report.added).toEqual(['socials', 'lurk']);
    expect(report.skipped).toEqual(['banme: command-response']);
    expect(s.store.find('chan', 'insta')).toMatchObject({ name: 'socials', permission: 'everyone', globalCooldownSeconds: 5, userCooldownSeconds: 15 });
    expect(s.store.find('chan', 'lurk')?.permission).toBe('subscriber');
    // Importing again adds nothing
    expect(importCommands(s, 'chan', customCommandsConfigSchema.parse({}), parsed, 2000).skipped).toEqual([
      'socials: exists (socials)',
      'lurk: exists (lurk)',
      'banme: command-response',
    ]);
  });

  it('says what it expects from anything else', () => {
    expect(() => parseCommandExport({ foo: 1 })).toThrow(/Nightbot.*StreamElements/);
  });
});
