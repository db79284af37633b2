import { ChatContext, type ChannelScope } from '../../src/chat/context.js';
import { ManualClock } from '../../src/chat/clock.js';
import type { Decision } from '../../src/chat/decisions.js';
import { silentLogger } from '../../src/chat/logger.js';
import type { ChatMessage, Role } from '../../src/chat/message.js';
import { RecordingActions } from '../../src/chat/recording-actions.js';
import { defaultChannelConfig } from '../../src/app/channel-config.js';
import type { ChannelConfig } from '../../src/chat/channel-config.js';

let seq = 0;

/** A chat message with sensible defaults; `user` is a login (id `u-<login>`). */
export function makeMessage(text: string, opts: { user?: string; roles?: Role[]; time?: number; channel?: string; id?: string } = {}): ChatMessage {
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
