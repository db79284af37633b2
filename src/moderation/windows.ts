import { dot } from '../nlp/similarity.js';
import { SimHashIndex, type Signature } from './simhash-index.js';

/** A message kept in a moderation window. */
export interface WindowMessage {
  id: string;
  userId: string;
  login: string;
  text: string;
  /** Message time, ms since the epoch (the bot's clock). */
  time: number;
  /** Unit vector from the shared encoder; undefined when the message was not encoded. */
  vector: Float32Array | undefined;
  /** Broadcaster, moderator or otherwise exempt when it was posted: never acted on. */
  exempt: boolean;
}

/** Bounded ring of a channel's recent messages (for `!nuke`), oldest first. */
export class MessageHistory {
  private readonly items: (WindowMessage | undefined)[];
  private start = 0;
  private count = 0;

  constructor(readonly capacity: number) {
    this.items = new Array<WindowMessage | undefined>(capacity);
  }

  get size(): number {
    return this.count;
  }

  push(m: WindowMessage): void {
    if (this.count < this.capacity) {
      this.items[(this.start + this.count) % this.capacity] = m;
      this.count++;
    } else {
      this.items[this.start] = m;
      this.start = (this.start + 1) % this.capacity;
    }
  }

  /** The newest message that satisfies `pred`, looking back at most `limit` messages. */
  latest(pred: (m: WindowMessage) => boolean, limit = this.count): WindowMessage | undefined {
    for (let i = this.count - 1; i >= Math.max(0, this.count - limit); i--) {
      const m = this.items[(this.start + i) % this.capacity]!;
      if (pred(m)) return m;
    }
    return undefined;
  }

  /** Messages with `time >= since`, oldest first. */
  since(since: number): WindowMessage[] {
    const out: WindowMessage[] = [];
    for (let i = this.count - 1; i >= 0; i--) {
      const m = this.items[(this.start + i) % this.capacity]!;
      if (m.time < since) break;
      out.push(m);
    }
    return out.reverse();
  }
}

/** Settings of one repeat lookup. */
export interface RepeatQuery {
  threshold: number;
  lastMessages: number;
  windowMs: number;
}

/** Result of {@link RepeatTracker.observe}: near-duplicates among the user's recent messages. */
export interface RepeatMatch {
  /** Earlier near-duplicates (newest first). */
  matches: WindowMessage[];
  /** Best similarity among them (0 when none). */
  score: number;
}

/** Per-user recent messages (only the ones that count for repeats), bounded in users and length. */
export class RepeatTracker {
  private readonly users = new Map<string, WindowMessage[]>();

  /** @param maxUsers users tracked at once; the least recently active are dropped first. */
  constructor(private readonly maxUsers = 20_000) {}

  get userCount(): number {
    return this.users.size;
  }

  /**
   * Forgets users whose newest message left the window (called on a timer: a user who never
   * speaks again must not keep their vectors). Users are kept in order of last activity, so this
   * stops at the first one still active. Returns how many were dropped.
   */
  prune(now: number, windowMs: number): number {
    const since = now - windowMs;
    let dropped = 0;
    for (const [user, list] of this.users) {
      const last = list[list.length - 1];
      if (last && last.time >= since) break;
      this.users.delete(user);
      dropped++;
    }
    return dropped;
  }

  /** Compares `m` to the user's recent messages, then remembers it. */
  observe(m: WindowMessage & { vector: Float32Array }, q: RepeatQuery): RepeatMatch {
    const list = this.users.get(m.userId) ?? [];
    this.users.delete(m.userId);
    // Drop what left the window
    const since = m.time - q.windowMs;
    let keep = list.filter((x) => x.time >= since);
    if (keep.length > q.lastMessages) keep = keep.slice(keep.length - q.lastMessages);
    const matches: WindowMessage[] = [];
    let score = 0;
    for (let i = keep.length - 1; i >= 0; i--) {
      const x = keep[i]!;
      const s = dot(m.vector, x.vector!);
      if (s >= q.threshold) {
        matches.push(x);
        if (s > score) score = s;
      }
    }
    keep.push(m);
    if (keep.length > q.lastMessages) keep.shift();
    this.users.set(m.userId, keep);
    if (this.users.size > this.maxUsers) {
      const oldest = this.users.keys().next().value;
      if (oldest !== undefined) this.users.delete(oldest);
    }
    return { matches, score };
  }
}

/** A group of near-duplicate messages from several users (one copypasta / raid). */
export interface FloodGroup {
  readonly id: number;
  /** Messages of the group still in the window, oldest first. */
  readonly members: WindowMessage[];
  /** Distinct users in the window -> their message count. */
  readonly users: Map<string, number>;
  /** Until when new copies are acted on at once (0 = not detected). */
  flaggedUntil: number;
  /** Whether the shield was raised for this group. */
  shielded: boolean;
  /** When the group's last shield comes down (ms); a raid still going on after it raises it again. */
  shieldUntil: number;
  /** Members already acted on (ids), so earlier copies are handled once. */
  readonly handled: Set<string>;
  /** Users the shield already acted on. */
  readonly shieldUsers: Set<string>;
}

interface Rep {
  group: FloodGroup;
  vector: Float32Array;
}

/** Settings of one flood lookup. */
export interface FloodQuery {
  threshold: number;
  windowMs: number;
}

/** Result of {@link FloodTracker.observe}. */
export interface FloodMatch {
  group: FloodGroup;
  /** Similarity to the group's closest representative (1 for a new group). */
  score: number;
  /** Candidates compared by dot product (for the eval's statistics). */
  compared: number;
}

/** Representatives per group: variants far from the existing ones are added, up to this many. */
const MAX_REPS = 4;
/** A new member closer than this to a representative adds nothing to the group's coverage. */
const REP_NOVELTY = 0.9;

/**
 * Cross-user near-duplicate groups over a sliding time window. Each group is indexed by a few
 * representative vectors in a SimHash LSH index, so a message is compared to a handful of
 * candidates, not to every message of the window.
 */
export class FloodTracker {
  private readonly index: SimHashIndex<Rep>;
  private readonly reps = new Map<FloodGroup, Rep[]>();
  /** Every member in arrival order, with its group (for expiry). */
  private fifo: { m: WindowMessage; g: FloodGroup }[] = [];
  private head = 0;
  private seq = 0;
  private readonly emptyFlagged = new Set<FloodGroup>();

  /** @param maxMessages members kept at most, whatever the window. */
  constructor(private readonly maxMessages = 10_000) {
    this.index = new SimHashIndex<Rep>();
  }

  /** Messages currently in the window. */
  get size(): number {
    return this.fifo.length - this.head;
  }

  /** Groups currently alive. */
  get groupCount(): number {
    return this.reps.size;
  }

  /** Drops members older than the window and groups left empty (unless still flagged). */
  expire(now: number, windowMs: number): void {
    const since = now - windowMs;
    while (this.head < this.fifo.length) {
      const first = this.fifo[this.head]!;
      if (first.m.time >= since && this.size <= this.maxMessages) break;
      this.head++;
      this.removeMember(first.g, first.m, now);
    }
    if (this.head > 1024 && this.head * 2 > this.fifo.length) {
      this.fifo = this.fifo.slice(this.head);
      this.head = 0;
    }
    for (const g of this.emptyFlagged) {
      if (g.members.length > 0) this.emptyFlagged.delete(g);
      else if (g.flaggedUntil < now) {
        this.emptyFlagged.delete(g);
        this.dropGroup(g);
      }
    }
  }

  private removeMember(g: FloodGroup, m: WindowMessage, now: number): void {
    const i = g.members.indexOf(m);
    if (i >= 0) g.members.splice(i, 1);
    g.handled.delete(m.id);
    const c = (g.users.get(m.userId) ?? 1) - 1;
    if (c <= 0) g.users.delete(m.userId);
    else g.users.set(m.userId, c);
    if (g.members.length === 0) {
      if (g.flaggedUntil >= now) this.emptyFlagged.add(g);
      else this.dropGroup(g);
    }
  }

  private dropGroup(g: FloodGroup): void {
    for (const r of this.reps.get(g) ?? []) this.index.remove(r);
    this.reps.delete(g);
  }

  /** The group closest to `vector` at or above the threshold, without adding anything. */
  find(vector: Float32Array, threshold: number): FloodMatch | undefined {
    const sig = this.index.signature(vector);
    return this.best(vector, sig, threshold);
  }

  private best(vector: Float32Array, sig: Signature, threshold: number): FloodMatch | undefined {
    const cands = this.index.candidates(sig, this.index.maxHammingFor(threshold));
    let best: Rep | undefined;
    let bestScore = -Infinity;
    for (const r of cands) {
      const s = dot(vector, r.vector);
      if (s > bestScore) {
        bestScore = s;
        best = r;
      }
    }
    if (!best || bestScore < threshold) return undefined;
    return { group: best.group, score: bestScore, compared: cands.length };
  }

  /** Adds a message (expiring old ones first) and returns the group it joined or started. */
  observe(m: WindowMessage & { vector: Float32Array }, q: FloodQuery): FloodMatch {
    this.expire(m.time, q.windowMs);
    const sig = this.index.signature(m.vector);
    const found = this.best(m.vector, sig, q.threshold);
    let group: FloodGroup;
    let score = 1;
    if (found) {
      group = found.group;
      score = found.score;
      const reps = this.reps.get(group)!;
      if (reps.length < MAX_REPS && reps.every((r) => dot(m.vector, r.vector) < REP_NOVELTY)) {
        const rep: Rep = { group, vector: m.vector };
        reps.push(rep);
        this.index.add(rep, sig);
      }
    } else {
      group = { id: ++this.seq, members: [], users: new Map(), flaggedUntil: 0, shielded: false, shieldUntil: 0, handled: new Set(), shieldUsers: new Set() };
      const rep: Rep = { group, vector: m.vector };
      this.reps.set(group, [rep]);
      this.index.add(rep, sig);
    }
    group.members.push(m);
    group.users.set(m.userId, (group.users.get(m.userId) ?? 0) + 1);
    this.fifo.push({ m, g: group });
    this.emptyFlagged.delete(group);
    if (this.size > this.maxMessages) this.expire(m.time, q.windowMs);
    return { group, score, compared: found?.compared ?? 0 };
  }
}
