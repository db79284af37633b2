/** Timer names: letters (any script), digits, `_`, `-`; 1-25 characters. */
export const TIMER_NAME = /^[\p{L}\p{N}_-]{1,25}$/u;

/** Longest timer text. */
export const MAX_TIMER_TEXT = 500;

/** True when a text would start as a Twitch chat command (`/ban`, `.timeout`), after invisible characters. */
export function startsAsCommand(text: string): boolean {
  return /^[\s\u200b-\u200f\u2060\ufeff]*[/.]/u.test(text);
}
