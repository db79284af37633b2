import type { EmoteOffset, Role } from '../chat/message.js';

/** Input formats the replay reads. */
export const REPLAY_FORMATS = ['tsv', 'jsonl', 'irc'] as const;
export type ReplayFormat = (typeof REPLAY_FORMATS)[number];

/** One chat message read from a recorded file, before it becomes a `ChatMessage`. */
export interface ReplayRecord {
  /** 1-based line of the input file. */
  line: number;
  /** Message time, ms since the epoch. */
  time: number;
  text: string;
  /** Login (lowercase) when the file names the author; absent means "assign a synthetic user". */
  user?: string;
  /** Display name as recorded (IRC `display-name`), when it differs from the login. */
  displayName?: string;
  /** Twitch user id, when recorded. */
  userId?: string;
  roles: Role[];
  /** Message id as recorded (IRC `id` tag). Default: derived from the line number. */
  id?: string;
  /** Channel login as recorded (IRC `#channel`). */
  channel?: string;
  /** Room id (IRC `room-id`). */
  channelId?: string;
  /** Room the message was first posted in (IRC `source-room-id`, shared chat). */
  sourceChannelId?: string;
  /** Twitch's `first-msg` tag. Default false. */
  firstMessage?: boolean;
  /** Emote offsets (IRC `emotes` tag), UTF-16 ranges. Default none. */
  emotes?: EmoteOffset[];
}

/** A line that could not be read, with why. */
export interface ParseIssue {
  line: number;
  reason: string;
}

/** What a parser made of a file. */
export interface ParseResult {
  format: ReplayFormat;
  records: ReplayRecord[];
  /** Unparseable lines, in order (all of them; the CLI prints the first few). */
  errors: ParseIssue[];
  /** Valid lines that are not chat messages (IRC PING/JOIN/CLEARCHAT..., header). */
  ignored: number;
  /** Blank lines. */
  blank: number;
}

/** Parses the lines of one format. `lines[0]` is line 1 of the file. */
export type LineParser = (lines: readonly string[]) => ParseResult;
