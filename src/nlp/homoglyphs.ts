/**
 * Confusable characters folded to Latin by the chat normaliser (after NFKC, which already folds
 * fullwidth, mathematical alphanumerics, circled/squared letters, superscripts and ligatures).
 *
 * Three tables, by how safely they apply:
 * - `SCRIPT_CONFUSABLES`: letters of other scripts that look Latin (Cyrillic, Greek, Cherokee,
 *   Lisu, Armenian). Folded only inside a word that also holds Latin letters, or whose letters are
 *   all confusable, so real Russian or Greek words stay readable.
 * - `LATIN_VARIANTS`: Latin-script look-alikes (small capitals, IPA letters, enclosed/negative
 *   squared letters, regional indicators used as letters). Always folded.
 * - `LEXICAL_FOLDS`: letters accent folding does not decompose (ø ł đ ħ ß æ œ ı); folded only for
 *   lexical keys, never for model input.
 * Targets keep the case of the source letter where it has one.
 */

function table(pairs: string): Map<number, string> {
  const map = new Map<number, string>();
  for (const pair of pairs.split(/\s+/u)) {
    if (pair.length === 0) continue;
    const cps = [...pair];
    map.set(cps[0]!.codePointAt(0)!, cps.slice(1).join(''));
  }
  return map;
}

function range(map: Map<number, string>, start: number, letters: string): void {
  for (let i = 0; i < letters.length; i++) map.set(start + i, letters[i]!);
}

const UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const LOWER = 'abcdefghijklmnopqrstuvwxyz';

/** Other scripts' letters that look Latin. */
export const SCRIPT_CONFUSABLES: ReadonlyMap<number, string> = table(`
  АA ВB ЕE ЁË ЅS ІI ЇÏ ЈJ КK МM НH ОO РP СC ТT УY ХX ЬB ӀI ԀD ԚQ ԜW ҮY ҺH Ѵv
  аa вb гr еe ёë ѕs іi їï јj кk мm нh оo пn рp сc тt уy хx ьb ӏl ԁd ԛq ԝw үy һh ѵv
  ΑA ΒB ΕE ΖZ ΗH ΙI ΚK ΜM ΝN ΟO ΡP ΤT ΥY ΧX ϜF
  αa βb γy εe ηn ιi κk νv οo ρp ςc τt υu χx ωw ϲc ϳj ϵe ϱp
  ᎪA ᏴB ᏟC ᎠD ᎬE ᏀG ᎻH ᎫJ ᏦK ᏞL ᎷM ᏢP ᎡR ᏚS ᎢT ᏙV ᎳW ᎽY ᏃZ
  ꓐB ꓑP ꓓD ꓔT ꓖG ꓗK ꓙJ ꓚC ꓜZ ꓝF ꓟM ꓠN ꓡL ꓢS ꓣR ꓦV ꓧH ꓪW ꓫX ꓬY ꓮA ꓰE ꓲI ꓳO ꓴU
  օo սu հh ոn ցg զq ՍU ՕO
`);

/** Latin-script look-alikes, always folded. */
export const LATIN_VARIANTS: ReadonlyMap<number, string> = (() => {
  const m = table(`
    ᴀa ʙb ᴄc ᴅd ᴇe ꜰf ɢg ʜh ɪi ᴊj ᴋk ʟl ᴍm ɴn ᴏo ᴘp ꞯq ʀr ꜱs ᴛt ᴜu ᴠv ᴡw ʏy ᴢz
    ɑa ɐa ƀb ɓb ƈc ɗd ɖd ɛe ƒf ɡg ɠg ɦh ɩi ȷj ʝj ƙk ɫl ƚl ɭl ɱm ɲn ɳn ɵo ƥp ʠq ɍr ɽr ʂs ƭt ʈt ʋv ⱳw ɏy ƴy ƶz ʐz ȥz
    ǀl ℮e
  `);
  // Parenthesized small letters ⒜..⒵ (NFKC would turn them into "(a)")
  range(m, 0x249c, LOWER);
  // Parenthesized, negative circled, negative squared capitals (astral)
  range(m, 0x1f110, UPPER);
  range(m, 0x1f150, UPPER);
  range(m, 0x1f170, UPPER);
  return m;
})();

/** Letters accent folding leaves alone, folded for lexical keys only. */
export const LEXICAL_FOLDS: ReadonlyMap<number, string> = (() => {
  const m = table(`
    øo ØO łl ŁL đd ĐD ħh ĦH ŧt ŦT ıi ɨi ƗI ʉu ßss ẞSS æae ÆAE œoe ŒOE ĸk ŋn ŊN þth ÞTH ðd ÐD
  `);
  // Regional indicators (🇫 🇷 🇪 🇪 spelling): letters in a lexical key, flags for the model
  range(m, 0x1f1e6, UPPER);
  return m;
})();

/** Code points that are letters of the Latin script (basic and extended ranges). */
export function isLatinLetterCode(cp: number): boolean {
  return (
    (cp >= 0x41 && cp <= 0x5a) ||
    (cp >= 0x61 && cp <= 0x7a) ||
    (cp >= 0xc0 && cp <= 0x24f && cp !== 0xd7 && cp !== 0xf7) ||
    (cp >= 0x1e00 && cp <= 0x1eff) ||
    (cp >= 0x2c60 && cp <= 0x2c7f) ||
    (cp >= 0xa720 && cp <= 0xa7ff)
  );
}
