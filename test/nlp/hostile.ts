/** Hostile chat inputs every NLP function must survive (named for test titles). */
export const HOSTILE_CASES: readonly (readonly [string, string])[] = [
  ['empty string', ''],
  ['whitespace only', ' \t\n\u00a0\u3000 '],
  ['500 characters of zalgo', 'Z̸̢̛̤͓̈́a̵̱͝l̶̰̓g̷̣̾o̸̬͐'.repeat(40).slice(0, 500)],
  ['combining marks only', '\u0301\u0302\u0303'.repeat(100)],
  ['only emoji', '😂🔥👍🏽👨‍👩‍👧🇫🇷❤️'],
  ['lone high surrogate', 'abc\ud83dxyz'],
  ['lone low surrogate', '\ude00 start'],
  ['lone surrogates only', '\ud800\udc00\ud800\ud800\udfff\udfff'],
  ['RTL override', '\u202eevil text\u202c normal \u2067isolated\u2069'],
  ['control characters', '\u0000\u0001\u0007\b\u001b[31mred\u001b[0m\u007f\u0085'],
  ['invisible characters only', '\u200b\u200c\u200d\u2060\ufeff\u00ad\u3164\u2800'],
  ['10,000-character string', 'spam '.repeat(2000)],
  ['10,000 characters without spaces', 'a'.repeat(5000) + 'b.'.repeat(2500)],
  ['500-character flood', 'KEKW '.repeat(100)],
  ['homoglyph soup', 'Ꭺ𝐁ℂⅅ𝔼ꜰɢʜɪᴊᴋʟᴍɴᴏᴘꞯʀꜱᴛᴜᴠᴡxʏᴢ'],
  ['punctuation only', '?!?!... ^^ :: --'],
  ['private use and unassigned', '\ue000\uf8ff\u{10ffff}\u0378'],
];

export const HOSTILE_INPUTS: readonly string[] = HOSTILE_CASES.map(([, s]) => s);
