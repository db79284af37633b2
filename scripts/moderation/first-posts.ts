import { readFileSync } from 'node:fs';
import { ChatContext, type ChannelScope } from '../../src/chat/context.js';
import { ManualClock } from '../../src/chat/clock.js';
import type { Decision } from '../../src/chat/decisions.js';
import { silentLogger } from '../../src/chat/logger.js';
import type { ChatMessage } from '../../src/chat/message.js';
import { RecordingActions } from '../../src/chat/recording-actions.js';
import { channelConfigSchema } from '../../src/app/channel-config.js';
import { createModerationModule } from '../../src/moderation/module.js';
import type { SharedEncoder } from '../../src/nlp/shared-encoder.js';
import { Store } from '../../src/store/store.js';

/** A row of a labelled first-post set (test/fixtures/moderation/reworded-spam.tsv). */
export interface FirstPostRow {
  split: string;
  lang: string;
  /** `spam` or `legit`. */
  label: string;
  text: string;
}

/** Reads a `split<TAB>lang<TAB>label<TAB>text` file with a header line. */
export function readRewordedSpam(path: string): FirstPostRow[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .slice(1)
    .filter((l) => l.trim())
    .map((l) => {
      const [split, lang, label, ...text] = l.split('\t');
      return { split: split!, lang: lang!, label: label!, text: text.join(' ') };
    });
}

/**
 * Posts each row once, from a fresh account, 31 minutes after the previous row (past the
 * blocklist's learning time and every window: nothing learned, no flood, no repeat), through the
 * moderation module with default settings and the built-in blocklist.
 * @returns row index -> the filter that acted on it
 */
export async function firstPostFilters(rows: readonly FirstPostRow[], encoder: SharedEncoder): Promise<Map<number, string>> {
  const store = Store.open({ path: ':memory:' });
  const clock = new ManualClock(1_700_000_000_000);
  const mod = createModerationModule({ encoder, store, clock, log: silentLogger });
  const config = channelConfigSchema.parse({});
  const caught = new Map<number, string>();
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i]!;
    clock.advanceTo(clock.now() + 31 * 60_000);
    const decisions: Decision[] = [];
    const scope: ChannelScope = { name: 'evalchan', config, actions: new RecordingActions(), clock, log: silentLogger, record: (d) => decisions.push(d) };
    const msg: ChatMessage = {
      id: `m${i}`,
      channel: scope.name,
      channelId: 'c-eval',
      user: { id: `u${i}`, login: `user${i}`, displayName: `user${i}`, roles: new Set(), firstMessage: true },
      text: r.text,
      emotes: [],
      timestamp: clock.now(),
    };
    const ctx = new ChatContext(msg, scope);
    ctx.vector = await encoder.encode(r.text);
    await mod.moderation!(ctx, async () => undefined);
    const d = decisions.find((x) => x.kind === 'moderation');
    if (d && d.kind === 'moderation') caught.set(i, d.filter);
  }
  await mod.close?.();
  store.close();
  return caught;
}
