import { ChatContext, type ChannelScope } from '../../src/bot/context.js';
import { ManualClock } from '../../src/bot/clock.js';
import type { Decision } from '../../src/bot/decisions.js';
import { silentLogger } from '../../src/bot/logger.js';
import type { ChatMessage, Role } from '../../src/bot/message.js';
import { RecordingActions } from '../../src/bot/recording-actions.js';
import { defaultChannelConfig, type ChannelConfig } from '../../src/config/channel-config.js';

let seq = 0;

/** A chat message with sensible defaults; `user` is a login (id `u-<login>`). */
export function makeMessage(
  text: string,
  opts: { user?: string; roles?: Role[]; time?: number; channel?: string; id?: string } = {},
): ChatMessage {
  const login = opts.user ?? 'viewer';
  return {
    id: opts.id ?? `m${++seq}`,
    channel: opts.channel ?? 'testchannel',
    channelId: 'c-' + (opts.channel ?? 'testchannel'),
    user: { id: 'u-' + login, login, displayName: login, roles: new Set(opts.roles ?? []), firstMessage: false },
    text,
    emotes: [],
    timestamp: opts.time ?? 0,
  };
}

/** A channel scope backed by recorders: inspect `actions.calls` and `decisions`. */
export function makeChannel(config: ChannelConfig = defaultChannelConfig(), name = 'testchannel') {
  const actions = new RecordingActions();
  const clock = new ManualClock(0);
  const decisions: Decision[] = [];
  const scope: ChannelScope = { name, config, actions, clock, log: silentLogger, record: (d) => decisions.push(d) };
  return { scope, actions, clock, decisions, context: (m: ChatMessage) => new ChatContext(m, scope) };
}
