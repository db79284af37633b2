import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ChatContext } from '../../src/chat/context.js';
import type { Role } from '../../src/chat/message.js';
import type { BotModule } from '../../src/bot/module.js';
import { silentLogger, type Logger } from '../../src/chat/logger.js';
import { channelConfigSchema } from '../../src/app/channel-config.js';
import { parseCommand } from '../../src/commands/router.js';
import { createFaqModule } from '../../src/faq/module.js';
import { HashEncoder } from '../../src/nlp/hash-encoder.js';
import { SharedEncoder } from '../../src/nlp/shared-encoder.js';
import { Store } from '../../src/store/store.js';
import { makeChannel, makeMessage } from '../helpers/context.js';
import { fixturePath } from '../helpers/paths.js';

/** A temporary folder removed by `cleanup`. */
export function tempDir(): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'faq-test-'));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Options of {@link makeFaqBot}. */
export interface FaqBotOptions {
  /** SQLite file; default in memory. */
  storePath?: string;
  /** Overrides of the channel's `faq` section (seedFile defaults to the fixture FAQ). */
  faq?: Record<string, unknown>;
  language?: 'fr' | 'en';
  /** Overrides of the channel's `commands` section. */
  commands?: Record<string, unknown>;
  encoder?: SharedEncoder;
  /** Logger of the module. Default: silent. */
  log?: Logger;
}

/** The FAQ module on one channel with recorders, driven message by message. */
export function makeFaqBot(options: FaqBotOptions = {}) {
  const config = channelConfigSchema.parse({
    language: options.language ?? 'fr',
    commands: options.commands ?? {},
    faq: { seedFile: fixturePath('faq', 'faq.yaml'), ...options.faq },
  });
  const channel = makeChannel(config);
  const encoder = options.encoder ?? new SharedEncoder(new HashEncoder());
  const store = Store.open({ path: options.storePath ?? ':memory:' });
  const module: BotModule = createFaqModule(
    { encoder, store, clock: channel.clock, log: options.log ?? silentLogger },
    { checkSeedFile: fixturePath('faq', 'faq.yaml') },
  );
  const command = module.commands!.find((c) => c.name === 'faq')!;

  /** Runs a chat message through the passive stage (as after the router), with its vector. */
  const chat = async (text: string, opts: { user?: string; roles?: Role[]; prepare?: (ctx: ChatContext) => void } = {}): Promise<ChatContext> => {
    const ctx = channel.context(makeMessage(text, { user: opts.user ?? 'viewer', roles: opts.roles ?? [], time: channel.clock.now() }));
    ctx.vector = await encoder.encode(text);
    opts.prepare?.(ctx);
    let passed = false;
    await module.passive!(ctx, async () => {
      passed = true;
    });
    if (!passed) throw new Error('the faq passive stage did not call next()');
    return ctx;
  };

  /** Runs `!faq ...` as the router would. */
  const run = async (text: string, opts: { user?: string; roles?: Role[] } = {}): Promise<ChatContext> => {
    const ctx = channel.context(makeMessage(text, { user: opts.user ?? 'viewer', roles: opts.roles ?? [], time: channel.clock.now() }));
    const parsed = parseCommand(text, config.prefix);
    if (!parsed || parsed.name !== 'faq') throw new Error(`not a !faq command: ${text}`);
    ctx.command = 'faq';
    await command.run(ctx, parsed.args);
    return ctx;
  };

  const close = async (): Promise<void> => {
    await module.close?.();
    store.close();
  };

  return { ...channel, config, encoder, store, module, chat, run, close, replies: () => channel.actions.of('reply') };
}
