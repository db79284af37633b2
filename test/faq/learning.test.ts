import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createLogger } from '../../src/chat/logger.js';
import { channelConfigSchema } from '../../src/app/channel-config.js';
import { loadFaqFile } from '../../src/faq/file.js';
import { createFaqModule } from '../../src/faq/module.js';
import type { SendAsInput } from '../../src/sandbox/index.js';
import { startLocalApp, type LocalApp } from '../helpers/local-app.js';
import { fixturePath } from '../helpers/paths.js';
import { makeFaqBot, tempDir } from './harness.js';

const seedFile = fixturePath('faq', 'faq.yaml');
const music = loadFaqFile(seedFile).find((e) => e.id === 'music')!.answer;
/** A music question the shipped FAQ does not answer on its own. */
const QUESTION = 'what is he humming right now?';
const MOD = { user: 'dave', roles: ['moderator' as const] };

/** Learned examples in the bot's store. */
const learned = (bot: ReturnType<typeof makeFaqBot>) =>
  bot.store.db
    .prepare('SELECT entry_id AS entryId, text, viewer_login AS viewerLogin, taught_by_login AS taughtByLogin, taught_by_id AS taughtById FROM faq_learned')
    .all();

describe('learning from moderators through the local sandbox', () => {
  let local: LocalApp | undefined;
  const sent = async (input: SendAsInput): Promise<string[]> => [...(await local!.send(input)).sent];

  beforeAll(async () => {
    local = await startLocalApp({
      channel: channelConfigSchema.parse({
        language: 'en',
        prefix: '?',
        faq: { seedFile, channelCooldownSeconds: 0, userCooldownSeconds: 0, entryCooldownSeconds: 0 },
        commands: { userCooldownSeconds: 0, globalCooldownSeconds: 0 },
      }),
      modules: (services) => [createFaqModule(services, { checkSeedFile: seedFile })],
      sandbox: { channels: ['learnchan'] },
    });
  });

  afterAll(async () => {
    await local?.close();
  });

  it("turns a moderator's ?faq <id> @viewer into an example, lists it and undoes it", async () => {
    // Nothing learned yet: the hint uses the channel's prefix
    expect(await sent({ login: 'dave', roles: ['moderator'], text: '?faq test' })).toEqual([
      'Nothing learned from mods yet: answer a viewer with ?faq <id> @viewer and their question becomes an example. Scores: ?faq test <question>',
    ]);
    // The FAQ does not know this question yet
    expect(await sent({ login: 'zoe', text: QUESTION })).toEqual([]);
    // A moderator answers her: the answer goes out, and the question becomes a music example
    expect(await sent({ login: 'dave', roles: ['moderator'], text: '?faq music @Zoe' })).toEqual([`@Zoe ${music}`]);
    expect(await sent({ login: 'dave', roles: ['moderator'], text: '?faq test' })).toEqual([
      `Learned from mods: music ← "${QUESTION}" (dave) — remove the last one: ?faq unask`,
    ]);
    // The next viewer asking it gets the answer on their own
    expect((await local!.replyTo({ login: 'yann', text: QUESTION })).text).toBe(music);
    // Undo: the example is gone and the question is unanswered again
    expect(await sent({ login: 'dave', roles: ['moderator'], text: '?faq unask' })).toEqual([`Example removed from "music": "${QUESTION}" (taught by dave).`]);
    expect(await sent({ login: 'xavier', text: QUESTION })).toEqual([]);
    expect(await sent({ login: 'dave', roles: ['moderator'], text: '?faq unask' })).toEqual([
      'No learned example to remove. Remove a question: ?faq unask <id> <question>',
    ]);
  });

  it('learns nothing when a viewer, not a moderator, answers with a mention', async () => {
    expect(await sent({ login: 'wendy', text: QUESTION })).toEqual([]);
    expect(await sent({ login: 'victor', text: '?faq music @wendy' })).toEqual([`@wendy ${music}`]);
    expect(await sent({ login: 'dave', roles: ['moderator'], text: '?faq test' })).toEqual([expect.stringMatching(/^Nothing learned/)]);
  });
});

describe('learning from moderators: rules', () => {
  it('only learns a question asked within the window, by the viewer mentioned, and logs who taught it', async () => {
    const lines: string[] = [];
    const bot = makeFaqBot({ log: createLogger({ level: 'info', format: 'json', write: (l) => lines.push(l) }) });
    // Too old: 5 minutes by default
    await bot.chat(QUESTION, { user: 'zoe' });
    bot.clock.advanceTo(bot.clock.now() + 301_000);
    await bot.run('!faq music @zoe', MOD);
    // Another viewer than the one mentioned asked
    await bot.chat(QUESTION, { user: 'anna' });
    await bot.run('!faq music @zoe', MOD);
    // A question the entry already answers teaches nothing
    await bot.chat("c'est quoi la musique ?", { user: 'bob' });
    await bot.run('!faq music @bob', MOD);
    // Not a question
    await bot.chat('gg', { user: 'carl' });
    await bot.run('!faq music @carl', MOD);
    expect(learned(bot)).toEqual([]);
    // Within the window: learned, once
    bot.clock.advanceTo(bot.clock.now() + 120_000);
    await bot.run('!faq music @anna', MOD);
    await bot.run('!faq music @anna', MOD);
    expect(learned(bot)).toEqual([
      expect.objectContaining({ entryId: 'music', text: QUESTION, viewerLogin: 'anna', taughtByLogin: 'dave', taughtById: 'u-dave' }),
    ]);
    expect(bot.store.db.prepare('SELECT added_by FROM faq_examples WHERE text = ?').get(QUESTION)).toEqual({ added_by: 'u-dave' });
    const logged = lines.map((l) => JSON.parse(l) as Record<string, unknown>).filter((l) => l['msg'] === 'faq: learned an example from a moderator');
    expect(logged).toEqual([expect.objectContaining({ entry: 'music', question: QUESTION, viewer: 'anna', taughtBy: 'dave' })]);
    await bot.close();
  });

  it('can be switched off, and learned examples survive a restart and !faq unask <id> <question>', async () => {
    const off = makeFaqBot({ faq: { learnFromModerators: false } });
    await off.chat(QUESTION, { user: 'zoe' });
    await off.run('!faq music @zoe', MOD);
    expect(learned(off)).toEqual([]);
    await off.close();

    const tmp = tempDir();
    const storePath = `${tmp.dir}/bot.sqlite`;
    const first = makeFaqBot({ storePath });
    await first.chat(QUESTION, { user: 'zoe' });
    await first.run('!faq music @zoe', MOD);
    await first.close();
    const second = makeFaqBot({ storePath });
    expect(learned(second)).toHaveLength(1);
    expect((await second.run(`!faq unask music ${QUESTION}`, MOD)).sent[0]).toMatch(/^Question retirée de « music »/);
    expect(learned(second)).toEqual([]);
    await second.close();
    tmp.cleanup();
  });
});
