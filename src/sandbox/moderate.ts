import type { SandboxHub } from './hub.js';
import { LOGIN_PATTERN } from './users.js';

/** Input of `sandbox.moderate`: a moderator other than the bot acts in a channel. */
export interface ModerateInput {
  /** Login of the acting moderator (created and made moderator of the channel on first use). */
  by: string;
  action: 'delete' | 'timeout' | 'ban' | 'unban' | 'clear';
  /** `delete`: id of the message. */
  messageId?: string;
  /** `timeout`, `ban`, `unban`: login of the user acted on. */
  login?: string;
  /** `timeout`: seconds (1..1209600). Default 600. */
  durationSeconds?: number;
  reason?: string;
  /** Channel login. Default: the sandbox's first channel. */
  channel?: string;
}

/**
 * Applies another moderator's action through the hub, exactly like the bot's Helix calls do
 * (IRC clients get CLEARMSG/CLEARCHAT, EventSub clients `channel.moderate` and the chat events).
 * Throws a clear error on a bad input.
 */
export function moderateAs(hub: SandboxHub, input: ModerateInput, defaultChannel: string): void {
  const by = String(input.by ?? '').toLowerCase();
  if (!LOGIN_PATTERN.test(by)) throw new Error(`Invalid moderator "${input.by}": use a Twitch login (a-z, 0-9, _).`);
  const channel = hub.channel(input.channel ?? defaultChannel);
  const mod = hub.users.ensure(by);
  if (mod.id !== channel.id) channel.moderators.add(mod.id);
  const target = () => {
    const login = String(input.login ?? '').toLowerCase();
    const user = hub.users.getByLogin(login);
    if (!user) throw new Error(`sandbox.moderate ${input.action}: no user "${input.login}" in the sandbox (give the login of someone who chatted).`);
    return user;
  };
  switch (input.action) {
    case 'delete': {
      const message = input.messageId ? channel.messages.get(input.messageId) : undefined;
      if (!message) throw new Error(`sandbox.moderate delete: no message "${input.messageId}" in #${channel.login}.`);
      hub.deleteMessage(channel, message, by);
      return;
    }
    case 'timeout': {
      const seconds = input.durationSeconds ?? 600;
      if (!Number.isInteger(seconds) || seconds < 1 || seconds > 1_209_600)
        throw new Error(`sandbox.moderate timeout: duration ${seconds} s is outside 1..1209600.`);
      hub.banUser(channel, target(), seconds, input.reason ?? '', by);
      return;
    }
    case 'ban':
      hub.banUser(channel, target(), null, input.reason ?? '', by);
      return;
    case 'unban':
      hub.unbanUser(channel, target(), by);
      return;
    case 'clear':
      hub.clearChat(channel, by);
      return;
  }
}
