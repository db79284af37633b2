import { randomUUID } from 'node:crypto';
import type { SandboxHub } from './hub.js';
import { SERVER_PREFIX, type formatIrcLine } from './irc-line.js';
import { badgeTag, LOGIN_PATTERN, type SandboxUser } from './users.js';

/** Input of `sandbox.raid`: another broadcaster raids a channel. */
export interface RaidInput {
  /** Raided channel login. Default: the sandbox's first channel. */
  channel?: string;
  /** Login of the raiding broadcaster (created on first use). */
  fromLogin: string;
  /** Shown name of the raider. Default: the login. */
  fromDisplayName?: string;
  /** Viewers brought along. Default 0. */
  viewers?: number;
}

/** A raid that happened in the sandbox. */
export interface SandboxRaid {
  /** USERNOTICE id. */
  id: string;
  /** Raided channel login. */
  channel: string;
  channelId: string;
  from: SandboxUser;
  viewers: number;
  /** ms since the epoch (`tmi-sent-ts`). */
  timestamp: number;
}

/** Validates a raid, creates the raider and emits the `raid` event (IRC clients get a USERNOTICE). */
export function raidChannel(hub: SandboxHub, input: RaidInput, defaultChannel: string): SandboxRaid {
  const login = String(input.fromLogin ?? '').toLowerCase();
  if (!LOGIN_PATTERN.test(login)) throw new Error(`Invalid raider "${input.fromLogin}": use a Twitch login (a-z, 0-9, _).`);
  const viewers = input.viewers ?? 0;
  if (!Number.isInteger(viewers) || viewers < 0) throw new Error(`Invalid raid viewers ${viewers}: give a whole number, 0 or more.`);
  const channel = hub.channel(input.channel ?? defaultChannel);
  if (channel.login === login) throw new Error(`A channel cannot raid itself ("${login}").`);
  const from = hub.users.ensure(login, input.fromDisplayName ? { displayName: input.fromDisplayName } : {});
  const raid: SandboxRaid = { id: randomUUID(), channel: channel.login, channelId: channel.id, from, viewers, timestamp: hub.clock.now() };
  hub.emit({ type: 'raid', raid });
  return raid;
}

/** The USERNOTICE line (`msg-id=raid`) Twitch sends to the raided channel. */
export function raidNoticeLine(r: SandboxRaid): Parameters<typeof formatIrcLine>[0] {
  const name = r.from.displayName;
  const tags: Record<string, string> = {
    'badge-info': '',
    badges: badgeTag(new Map([['broadcaster', '1']])),
    color: r.from.color,
    'display-name': name,
    emotes: '',
    flags: '',
    id: r.id,
    login: r.from.login,
    mod: '0',
    'msg-id': 'raid',
    'msg-param-displayName': name,
    'msg-param-login': r.from.login,
    'msg-param-profileImageURL': `https://static-cdn.jtvnw.net/jtv_user_pictures/${r.from.login}-profile_image-70x70.png`,
    'msg-param-viewerCount': String(r.viewers),
    'room-id': r.channelId,
    subscriber: '0',
    'system-msg': `${r.viewers} raiders from ${name} have joined!`,
    'tmi-sent-ts': String(r.timestamp),
    'user-id': r.from.id,
    'user-type': '',
  };
  return { tags, prefix: SERVER_PREFIX, command: 'USERNOTICE', params: [`#${r.channel}`] };
}
