import { describe, expect, it } from '@jest/globals';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createLogger } from '../../src/chat/logger.js';
import { ManualClock } from '../../src/chat/clock.js';
import { loadFaqFile, parseFaqYaml } from '../../src/faq/file.js';
import { createFaqModule } from '../../src/faq/module.js';
import { HashEncoder } from '../../src/nlp/hash-encoder.js';
import { SharedEncoder } from '../../src/nlp/shared-encoder.js';
import { Store } from '../../src/store/store.js';
import { repoRoot } from '../helpers/paths.js';
import { makeFaqBot, tempDir } from './harness.js';

describe('faq file', () => {
  it('ships a valid example FAQ covering the usual questions in French and English', () => {
    const entries = loadFaqFile(join(repoRoot, 'config', 'faq.yaml'));
    const ids = entries.map((e) => e.id);
    for (const id of ['music', 'schedule', 'setup', 'discord', 'game']) expect(ids).toContain(id);
    for (const e of entries) {
      expect(e.examples.length).toBeGreaterThanOrEqual(10);
      expect(e.examples.some((q) => /\b(what|when|where|how|which|who|do|is|are)\b/i.test(q))).toBe(true);
      expect(e.examples.some((q) => /\b(quoi|quand|où|quel|quelle|comment|qui|c'est)\b/i.test(q))).toBe(true);
    }
  });

  it.each([
    ['entries:\n  - id: music\n    answer: "x\n', /invalid YAML/],
    ['entries:\n  - id: music\n    examples: [a]\n', /entries\[0\]\.answer/],
    ['entries:\n  - id: music\n    answer: x\n    exemples: [a]\n', /entries\[0\].*exemples/],
    ['entries:\n  - id: Music Id\n    answer: x\n    examples: [a]\n', /entries\[0\]\.id: use 1-32 lowercase/],
    ['entries:\n  - id: a\n    answer: x\n    examples: [q]\n  - id: a\n    answer: y\n    examples: [q]\n', /entries\[1\]\.id: duplicate id "a"/],
    ['entries:\n  - id: a\n    answer: x\n    examples: [q]\n    threshold: 2\n', /entries\[0\]\.threshold/],
    ['entry: []\n', /entries/],
  ])('rejects a malformed file with the file, the key and the fix (%#)', (text, key) => {
    let error: Error | undefined;
    try {
      parseFaqYaml(text, 'config/faq.yaml');
    } catch (err) {
      error = err as Error;
    }
    expect(error?.message).toMatch(/^config\/faq\.yaml: /);
    expect(error?.message).toMatch(key);
    expect(error?.message).toMatch(/Fix/);
  });

  it('stops the bot at start when the seed file is malformed', () => {
    const tmp = tempDir();
    const file = join(tmp.dir, 'faq.yaml');
    writeFileSync(file, 'entries:\n  - id: a\n');
    const store = Store.open({ path: ':memory:' });
    const services = { encoder: new SharedEncoder(new HashEncoder()), store, clock: new ManualClock(), log: createLogger({ level: 'silent' }) };
    expect(() => createFaqModule(services, { checkSeedFile: file })).toThrow(new RegExp(`${file}: invalid FAQ file: entries\\[0\\]\\.answer`));
    store.close();
    tmp.cleanup();
  });

  it('keeps running on a malformed channel seed file, and seeds the channel once it is fixed', async () => {
    const tmp = tempDir();
    const file = join(tmp.dir, 'channel-faq.yaml');
    writeFileSync(file, 'entries: [oops');
    const bot = makeFaqBot({ faq: { seedFile: file } });
    await bot.chat('il y a un discord ?');
    await bot.run('!faq');
    expect(bot.replies().map((r) => r.text)).toEqual(['Pas encore de FAQ. Modos : !faq add <id> <réponse>']);
    writeFileSync(file, 'entries:\n  - id: discord\n    answer: "Le discord : https://discord.gg/x"\n    examples: ["il y a un discord ?"]\n');
    // Retried at most once a minute
    bot.clock.advanceTo(30_000);
    await bot.chat('il y a un discord ?');
    expect(bot.replies()).toHaveLength(1);
    bot.clock.advanceTo(61_000);
    await bot.chat('il y a un discord ?');
    expect(bot.replies().at(-1)!.text).toBe('Le discord : https://discord.gg/x');
    await bot.close();
    tmp.cleanup();
  });
});
