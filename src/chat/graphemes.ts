const segmenter = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/** User-perceived characters of `text` (an emoji with skin tone or ZWJ sequence is one). */
export function graphemes(text: string): string[] {
  return Array.from(segmenter.segment(text), (s) => s.segment);
}

/** Length in code points, as Twitch counts its 500-character limit. */
export function codePointLength(text: string): number {
  let n = 0;
  for (const _ of text) n++;
  return n;
}

/**
 * Cuts `text` to at most `max` code points on a grapheme boundary (never inside an emoji or a
 * letter with its accents), preferring the last word boundary when it is not too far back, and
 * appends `…` when anything was cut (the ellipsis counts in `max`).
 */
export function truncateText(text: string, max: number): string {
  if (codePointLength(text) <= max) return text;
  if (max <= 1) return max === 1 ? '…' : '';
  const out: string[] = [];
  let used = 0;
  for (const g of graphemes(text)) {
    const n = codePointLength(g);
    if (used + n > max - 1) break;
    out.push(g);
    used += n;
  }
  // Back off to the last space when it keeps at least 70% of the cut
  let end = out.length;
  for (let i = out.length - 1; i >= Math.floor(out.length * 0.7); i--) {
    if (out[i] === ' ') {
      end = i;
      break;
    }
  }
  return (
    out
      .slice(0, end)
      .join('')
      .trimEnd()
      .replace(/[\s,;:.!?-]+$/u, '') + '…'
  );
}
