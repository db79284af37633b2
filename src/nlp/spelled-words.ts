/**
 * Words that spelled-out text is cut back into ("f r e e f o l l o w e r s" joins to
 * "freefollowers", then reads "free followers"): frequent English and French chat words and the
 * vocabulary of spam (selling viewers, giveaways, scams). Accents are left out: the hash
 * encoder's normaliser strips them, and a model reads the words without them.
 */
const WORDS = `
a i y u on in of to at is it be by or as an do go me my we us so no up
the and for you your are was not but all get got can now new out our buy use her his one two
free best cheap real more fast easy here with from this that have just like want need into only
follow follows follower followers view views viewer viewers sub subs prime primes chat chatter chatters
bot bots stream streams streamer channel twitch discord insta instagram tiktok youtube site link
click visit check join claim win won prize gift giveaway nitro steam skin skins bitcoin btc crypto
money dollars euros promo promotion offer grow growth boost famous become upgrade service services
rank ranking cheapest price sale deal top quality guaranteed instant instantly today off
hello hi hey guys sorry message dm me add code trading bot send receive double
le la les un une des de du et ou en sur pour par avec sans pas ne ni que qui quoi est sont
tu te ta ton tes il elle on nous vous ils je j moi toi mon ma mes ce cet cette ces
gratuit gratuits gratuite gratuites pas cher chers achete achetez acheter vente vues abonnes abonne
chaine chaines viens venez clique cliquez lien profil bio concours gagne gagner gagnez cadeau
recompense offert offerte meilleur meilleurs meilleures rapide rapidement deviens devenir celebre
augmente augmenter salut bonjour contacte contactez ici vite maintenant
`;

/** The lexicon, as a set. */
export const SPELLED_WORDS: ReadonlySet<string> = new Set(WORDS.split(/\s+/).filter(Boolean));
const LONGEST = Math.max(...[...SPELLED_WORDS].map((w) => w.length));

/**
 * Cuts a run of letters back into lexicon words with the fewest words (dynamic programming), or
 * undefined when it cannot be cut entirely or reads as one word. Single letters other than
 * "a", "i", "y", "u" are not words here.
 */
export function segmentSpelled(joined: string): string | undefined {
  const s = joined.toLowerCase();
  const n = s.length;
  if (n < 5 || n > 120) return undefined;
  const best = new Array<number>(n + 1).fill(Infinity);
  const prev = new Array<number>(n + 1).fill(-1);
  best[0] = 0;
  for (let i = 0; i < n; i++) {
    if (best[i] === Infinity) continue;
    for (let l = 1; l <= LONGEST && i + l <= n; l++) {
      if (!SPELLED_WORDS.has(s.slice(i, i + l))) continue;
      if (best[i]! + 1 < best[i + l]!) {
        best[i + l] = best[i]! + 1;
        prev[i + l] = i;
      }
    }
  }
  if (best[n] === Infinity || best[n]! < 2) return undefined;
  const words: string[] = [];
  for (let e = n; e > 0; e = prev[e]!) words.unshift(joined.slice(prev[e]!, e));
  return words.join(' ');
}
