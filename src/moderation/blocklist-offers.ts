/** A message a moderator acted on, offered as a blocklist example until a moderator confirms it. */
export interface BlocklistOffer {
  text: string;
  /** Who acted on it; absent when the transport does not say (IRC). */
  taughtBy?: string;
  /** What they did. */
  action: 'delete' | 'timeout' | 'ban' | 'nuke';
  /** Author of the message, when known. */
  userLogin?: string;
  /** When it was offered (ms). */
  at: number;
}

/** Offers kept per channel (newest first served). */
const MAX_OFFERS = 20;

/**
 * Messages moderators removed (deletions, timeouts, bans of other moderators; the bot's own
 * `!nuke`), offered as blocklist examples: `!spam add` with no text confirms the newest. Kept in
 * memory for the run: an offer nobody confirms is forgotten.
 */
export class BlocklistOffers {
  private items: BlocklistOffer[] = [];

  /** Offers a message (the same text again only moves it to the front). */
  offer(o: BlocklistOffer): void {
    this.items = this.items.filter((x) => x.text !== o.text);
    this.items.push(o);
    if (this.items.length > MAX_OFFERS) this.items.shift();
  }

  /** Removes and returns the newest offer. */
  take(): BlocklistOffer | undefined {
    return this.items.pop();
  }

  /** Offers, newest first. */
  list(): readonly BlocklistOffer[] {
    return [...this.items].reverse();
  }

  get size(): number {
    return this.items.length;
  }
}
