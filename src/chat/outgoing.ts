import { truncateText } from './graphemes.js';

/** Twitch's limit for one chat message. */
export const MAX_MESSAGE_LENGTH = 500;

/** Whitespace, blank-looking letters (braille blank, Hangul fillers, halfwidth filler) and `/` `.` at the start. */
const LEADING_BLANKS_AND_COMMAND_MARKS = /^[\s/.\u2800\u3164\u115f\u1160\uffa0]+/;

/**
 * Makes text safe to send to chat: control characters removed, whitespace collapsed, cut to
 * 500 characters on a grapheme boundary (with an ellipsis, at a word boundary when one is near),
 * and never starting with `/` or `.` (Twitch would read those as chat commands, e.g. text copied
 * from a viewer: "/ban streamer"). Bidi controls (embeddings, overrides, isolates, U+061C) are
 * removed, and so are blank-looking letters at the start (U+2800 braille blank, Hangul fillers):
 * "\u2800/ban streamer" would otherwise be posted looking like a command.
 */
export function sanitizeOutgoing(text: string, maxLength = MAX_MESSAGE_LENGTH): string {
  // (U+200D, the zero-width joiner, is kept: it holds emoji sequences such as 👨‍👩‍👧 together)
  // eslint-disable-next-line no-control-regex
  let out = text.replace(/[\u0000-\u001f\u007f-\u009f\u061c\u180e\u200b\u200c\u200e\u200f\u202a-\u202e\u2060-\u2069\ufeff]/g, ' ');
  out = out.replace(/\s+/g, ' ').trim();
  // `/` and `.` at the start would make Twitch run the text as a chat command; blank-looking
  // letters in front would make it look like one.
  out = out.replace(LEADING_BLANKS_AND_COMMAND_MARKS, '');
  return truncateText(out, maxLength);
}
