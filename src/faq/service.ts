import { calibrationLine } from '../nlp/calibration/calibrate.js';
import { existsSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import type { Clock } from '../chat/clock.js';
import type { Logger } from '../chat/logger.js';
import type { SharedEncoder } from '../nlp/shared-encoder.js';
import type { Store } from '../store/store.js';
import type { FaqConfig } from './config.js';
import { FAQ_LIMITS, faqIdProblem, type FaqEntry } from './entry.js';
import { loadFaqFile } from './file.js';
import { ChatVocabulary } from './chat-vocabulary.js';
import { FaqIndex, matchText, prepareMessage, type EntryScore, type FaqIndexOptions, type FaqMatch } from './matcher.js';
import { isQuestionLike } from './question.js';
import { FaqStore, type LearnedExample } from './store.js';

/** Options of {@link FaqService}. */
export interface FaqServiceOptions {
  /** Folder that relative `faq.seedFile` paths are resolved against. Default: the working directory. */
  baseDir?: string;
  /** How messages are scored (lexical weight, keyword rule); defaults in `FaqIndexOptions`. */
  matcher?: FaqIndexOptions;
}

/** A viewer's question waiting for a moderator's `!faq <id> @viewer`. */
interface PendingQuestion {
  text: string;
  userId: string;
  login: string;
  at: number;
}

/** What came of a moderator's `!faq <id> @viewer` for learning. */
export type LearnOutcome =
  { learned: true; example: LearnedExample } | { learned: false; why: 'off' | 'no-question' | 'missing' | 'known' | 'duplicate' | 'full' | 'self' };

/** Viewers whose last question is remembered per channel (oldest forgotten first). */
const PENDING_PER_CHANNEL = 2000;

/** Result of an edit made in chat. */
export type FaqEditResult =
  { ok: true; entry: FaqEntry } | { ok: false; problem: 'missing' | 'exists' | 'invalid-id' | 'too-long' | 'empty' | 'full' | 'duplicate'; detail?: string };

interface ChannelIndex {
  encoderId: string;
  promise: Promise<FaqIndex>;
}

/**
 * The FAQ of every channel: seeding from the example file (once per channel), chat edits (written
 * to the store before they return) and the match indexes, rebuilt after an edit or when the
 * encoder changes.
 */
export class FaqService {
  readonly store: FaqStore;
  private readonly baseDir: string;
  private readonly indexes = new Map<string, ChannelIndex>();
  private readonly seedFailures = new Set<string>();
  /** Last seeding attempt per channel that did not seed (missing or malformed file), clock ms. */
  private readonly seedAttempts = new Map<string, number>();
  /** Channels known to be seeded (a seeding mark is never removed), to skip the store per message. */
  private readonly seeded = new Set<string>();
  /** Word statistics of each channel's chat. */
  private readonly chat = new Map<string, ChatVocabulary>();
  /** Each channel's last question per viewer login, for learning from moderators. */
  private readonly pending = new Map<string, Map<string, PendingQuestion>>();

  constructor(
    private readonly encoder: SharedEncoder,
    store: Store,
    private readonly clock: Clock,
    private readonly log: Logger,
    private readonly options: FaqServiceOptions = {},
  ) {
    this.store = new FaqStore(store, () => clock.now());
    this.baseDir = options.baseDir ?? process.cwd();
  }

  /** Absolute path of a seed file setting. */
  seedPath(seedFile: string): string {
    return isAbsolute(seedFile) ? seedFile : resolve(this.baseDir, seedFile);
  }

  /**
   * Seeds the channel from its seed file the first time. A missing or malformed file is logged
   * once (with the fix) and retried at most once a minute, or at once when `force` is set.
   */
  ensureSeeded(channel: string, config: FaqConfig, force = true): void {
    if (this.seeded.has(channel)) return;
    if (this.store.isSeeded(channel)) {
      this.seeded.add(channel);
      return;
    }
    const last = this.seedAttempts.get(channel);
    if (!force && last !== undefined && this.clock.now() - last < SEED_RETRY_MS) return;
    this.seedAttempts.set(channel, this.clock.now());
    const file = this.seedPath(config.seedFile);
    const key = `${channel}\u0000${file}`;
    if (!existsSync(file)) {
      if (!this.seedFailures.has(key)) this.log.warn('faq: seed file not found, the channel starts with no FAQ', { channel, file });
      this.seedFailures.add(key);
      return;
    }
    try {
      const entries = loadFaqFile(file);
      if (this.store.seed(channel, entries, config.seedFile)) this.log.info('faq: seeded', { channel, file, entries: entries.length });
      this.seedFailures.delete(key);
      this.seedAttempts.delete(channel);
      this.changed(channel);
    } catch (err) {
      if (!this.seedFailures.has(key)) this.log.error('faq: cannot seed the channel', { channel, error: err });
      this.seedFailures.add(key);
    }
  }

  /** Entries of a channel (seeding it first when needed). */
  list(channel: string, config: FaqConfig): FaqEntry[] {
    this.ensureSeeded(channel, config);
    return this.store.list(channel);
  }

  /** One entry of a channel. */
  get(channel: string, config: FaqConfig, id: string): FaqEntry | undefined {
    this.ensureSeeded(channel, config);
    return this.store.get(channel, id.toLowerCase());
  }

  /** The channel's match index, built on first use, after an edit, or when the encoder changed. */
  index(channel: string, config: FaqConfig): Promise<FaqIndex> {
    this.ensureSeeded(channel, config, false);
    const cached = this.indexes.get(channel);
    if (cached && cached.encoderId === this.encoder.id) return cached.promise;
    const entries = this.store.list(channel).filter((e) => e.examples.length > 0);
    const promise = FaqIndex.build(entries, this.encoder, this.store, this.options.matcher ?? {});
    const slot: ChannelIndex = { encoderId: this.encoder.id, promise };
    this.indexes.set(channel, slot);
    // A failed build is retried on the next message
    promise.catch(() => {
      if (this.indexes.get(channel) === slot) this.indexes.delete(channel);
    });
    return promise;
  }

  /** Matches a text against the channel's FAQ with the channel's threshold, margin and chat vocabulary. */
  async match(channel: string, config: FaqConfig, text: string): Promise<FaqMatch | undefined> {
    const index = await this.index(channel, config);
    if (index.size === 0) return undefined;
    const { threshold, margin } = this.thresholds(channel, config);
    return matchText(index, this.encoder, text, threshold, margin, this.chat.get(channel));
  }

  /** Every entry's score for a text, best first, and the match, as auto-answers compute them (for tools that explain a match). */
  async explain(channel: string, config: FaqConfig, text: string): Promise<{ scores: EntryScore[]; match: FaqMatch | undefined }> {
    const index = await this.index(channel, config);
    const reading = index.read(text);
    if (index.size === 0 || reading.tokens.length === 0) return { scores: [], match: undefined };
    const scores = index.score(await this.encoder.encode(reading.text), reading, this.chat.get(channel));
    return { scores, match: await this.match(channel, config, text) };
  }

  /** Counts a chat message's words in the channel's chat vocabulary (see `ChatVocabulary`). */
  recordChat(channel: string, text: string): void {
    let v = this.chat.get(channel);
    if (!v) this.chat.set(channel, (v = new ChatVocabulary()));
    v.record(text);
  }

  /**
   * Remembers a viewer's question-like message, so that a moderator who answers it with
   * `!faq <id> @viewer` within `faq.learnWindowSeconds` teaches the FAQ.
   */
  noteQuestion(channel: string, user: { id: string; login: string }, text: string, config: FaqConfig): void {
    if (!config.learnFromModerators) return;
    const q = text.trim();
    if (!q || Array.from(q).length > FAQ_LIMITS.exampleLength) return;
    const tokens = prepareMessage(q).tokens;
    if (tokens.length === 0 || !isQuestionLike(q, tokens)) return;
    let byLogin = this.pending.get(channel);
    if (!byLogin) this.pending.set(channel, (byLogin = new Map()));
    const login = user.login.toLowerCase();
    byLogin.delete(login); // re-insert: Map order is the forgetting order
    byLogin.set(login, { text: q, userId: user.id, login, at: this.clock.now() });
    if (byLogin.size > PENDING_PER_CHANNEL) byLogin.delete(byLogin.keys().next().value!);
  }

  /**
   * A moderator answered `viewerLogin` with entry `id`: the viewer's last question, asked at most
   * `faq.learnWindowSeconds` before, becomes an example of that entry (unless the FAQ already
   * answers it with that entry). Logged with who taught it.
   */
  async learnFromAnswer(channel: string, config: FaqConfig, id: string, viewerLogin: string, moderator: { id: string; login: string }): Promise<LearnOutcome> {
    if (!config.learnFromModerators) return { learned: false, why: 'off' };
    const byLogin = this.pending.get(channel);
    const login = viewerLogin.toLowerCase();
    const q = byLogin?.get(login);
    if (!q || this.clock.now() - q.at > config.learnWindowSeconds * 1000) return { learned: false, why: 'no-question' };
    if (q.userId === moderator.id) return { learned: false, why: 'self' };
    const key = id.toLowerCase();
    const entry = this.get(channel, config, key);
    if (!entry) return { learned: false, why: 'missing' };
    // One answer teaches one question
    byLogin!.delete(login);
    const m = await this.match(channel, config, q.text);
    if (m?.accepted && m.best?.id === key) return { learned: false, why: 'known' };
    if (entry.examples.length >= FAQ_LIMITS.examples) return { learned: false, why: 'full' };
    const example = { entryId: key, text: q.text, viewerId: q.userId, viewerLogin: q.login, taughtById: moderator.id, taughtByLogin: moderator.login };
    const r = this.store.addLearned(channel, example);
    if (r === 'missing') return { learned: false, why: 'missing' };
    if (r === 'exists') return { learned: false, why: 'duplicate' };
    this.changed(channel);
    this.log.info('faq: learned an example from a moderator', {
      channel,
      entry: key,
      question: q.text,
      viewer: q.login,
      taughtBy: moderator.login,
      taughtById: moderator.id,
    });
    return { learned: true, example: { ...example, learnedAt: this.clock.now() } };
  }

  /** Examples learned from moderators, newest first. */
  learned(channel: string, config: FaqConfig, limit = 50): LearnedExample[] {
    this.ensureSeeded(channel, config);
    return this.store.learned(channel, limit);
  }

  /** `!faq unask` without arguments: removes the example learned last. */
  undoLastLearned(channel: string, config: FaqConfig, by: string): LearnedExample | undefined {
    const last = this.learned(channel, config, 1)[0];
    if (!last || !this.store.removeExample(channel, last.entryId, last.text)) return undefined;
    this.changed(channel);
    this.log.info('faq: learned example removed', { channel, entry: last.entryId, question: last.text, taughtBy: last.taughtByLogin, removedBy: by });
    return last;
  }

  /**
   * The channel's threshold and margin in the encoder's units: the config's own with the built-in
   * encoder, through the encoder's calibration with any other (`calibrated` true).
   */
  thresholds(channel: string, config: FaqConfig): { threshold: number; margin: number; calibrated: boolean } {
    const scale = this.encoder.calibration.scale(channel);
    return { threshold: scale.threshold(config.threshold), margin: scale.margin(config.threshold, config.margin), calibrated: !scale.isIdentity };
  }

  /** One line on the encoder's calibration in this channel, for `!faq test`. */
  async calibrationLine(channel: string, lang: 'fr' | 'en'): Promise<string> {
    const { info, thresholds } = await this.encoder.calibration.report(channel);
    return calibrationLine(info, thresholds, lang);
  }

  private changed(channel: string): void {
    this.indexes.delete(channel);
  }

  /** `!faq add`: a new entry with an answer and no examples yet. */
  add(channel: string, config: FaqConfig, id: string, answer: string, author: string): FaqEditResult {
    this.ensureSeeded(channel, config);
    const key = id.toLowerCase();
    const problem = faqIdProblem(key);
    if (problem) return { ok: false, problem: 'invalid-id', detail: problem };
    const checked = checkAnswer(answer);
    if (checked) return checked;
    if (this.store.count(channel) >= FAQ_LIMITS.entries) return { ok: false, problem: 'full' };
    const entry: FaqEntry = { id: key, answer: answer.trim(), examples: [] };
    if (!this.store.add(channel, entry, author)) return { ok: false, problem: 'exists' };
    this.changed(channel);
    return { ok: true, entry };
  }

  /** `!faq edit`: replaces the answer. */
  edit(channel: string, config: FaqConfig, id: string, answer: string, author: string): FaqEditResult {
    this.ensureSeeded(channel, config);
    const checked = checkAnswer(answer);
    if (checked) return checked;
    if (!this.store.setAnswer(channel, id.toLowerCase(), answer.trim(), author)) return { ok: false, problem: 'missing' };
    this.changed(channel);
    return { ok: true, entry: this.store.get(channel, id.toLowerCase())! };
  }

  /** `!faq ask`: adds an example question. */
  ask(channel: string, config: FaqConfig, id: string, question: string, author: string): FaqEditResult {
    this.ensureSeeded(channel, config);
    const key = id.toLowerCase();
    const q = question.trim();
    if (!q || prepareMessage(q).tokens.length === 0) return { ok: false, problem: 'empty' };
    if (Array.from(q).length > FAQ_LIMITS.exampleLength) return { ok: false, problem: 'too-long' };
    const current = this.store.get(channel, key);
    if (!current) return { ok: false, problem: 'missing' };
    if (current.examples.length >= FAQ_LIMITS.examples) return { ok: false, problem: 'full' };
    const r = this.store.addExample(channel, key, q, author);
    if (r === 'missing') return { ok: false, problem: 'missing' };
    if (r === 'exists') return { ok: false, problem: 'duplicate' };
    this.changed(channel);
    return { ok: true, entry: this.store.get(channel, key)! };
  }

  /** `!faq unask`: removes an example question. */
  unask(channel: string, config: FaqConfig, id: string, question: string): FaqEditResult {
    this.ensureSeeded(channel, config);
    const key = id.toLowerCase();
    if (!this.store.get(channel, key)) return { ok: false, problem: 'missing' };
    if (!this.store.removeExample(channel, key, question.trim())) return { ok: false, problem: 'empty' };
    this.changed(channel);
    return { ok: true, entry: this.store.get(channel, key)! };
  }

  /** `!faq del`: deletes an entry and its examples. */
  remove(channel: string, config: FaqConfig, id: string): boolean {
    this.ensureSeeded(channel, config);
    const ok = this.store.remove(channel, id.toLowerCase());
    if (ok) this.changed(channel);
    return ok;
  }

  /** Current time of the bot's clock. */
  now(): number {
    return this.clock.now();
  }
}

/** A channel whose seed file is missing or malformed retries it at most this often. */
const SEED_RETRY_MS = 60_000;

function checkAnswer(answer: string): FaqEditResult | null {
  const a = answer.trim();
  if (!a) return { ok: false, problem: 'empty' };
  if (Array.from(a).length > FAQ_LIMITS.answerLength) return { ok: false, problem: 'too-long' };
  return null;
}
