import type { ChannelScope, ChatContext } from '../chat/context.js';
import type { NextFunction } from '../chat/middleware.js';
import type { ModuleServices } from '../bot/module.js';
import { dot } from '../nlp/similarity.js';
import { ChannelState } from './channel-state.js';
import type { ModerationConfig } from './config.js';
import { hashCrossTable } from '../nlp/calibration/calibrator.js';
import { SEED_BLOCKLIST } from './blocklist-seed.js';
import { calibratedModeration } from './calibrated-config.js';
import { Enforcer, type ActTarget } from './enforcer.js';
import { exemptionsOf, isFromOtherRoom } from './exemptions.js';
import type { EvidenceItem, ModerationStore } from './moderation-store.js';
import { filterName } from './reasons.js';
import { checkRules, type RuleFilterName } from './rule-filters.js';
import { textFeatures, type TextFeatures } from './text-features.js';
import { liftsRuleFilters } from './trust/levels.js';
import { TrustService } from './trust/trust.js';
import type { WindowMessage } from './windows.js';

/** What the module decided about one message (before acting). */
export interface Verdict {
  /** The message itself. */
  main: ActTarget;
  /** Earlier messages acted on with it (copies that formed a flood, raid participants). */
  earlier: ActTarget[];
  /** Raise the bot-raid shield. */
  raiseShield: boolean;
}

/** Evidence quoted per decision, at most. */
const MAX_EVIDENCE = 5;

function ordinal(n: number): string {
  const s = n % 100 >= 11 && n % 100 <= 13 ? 'th' : (['th', 'st', 'nd', 'rd'][n % 10] ?? 'th');
  return `${n}${s}`;
}

function nonZero(v: Float32Array | undefined): v is Float32Array {
  if (!v) return false;
  for (let i = 0; i < v.length; i++) if (v[i] !== 0) return true;
  return false;
}

function evidenceOf(messages: readonly WindowMessage[]): EvidenceItem[] {
  return messages.slice(-MAX_EVIDENCE).map((m) => ({ id: m.id, text: m.text }));
}

/** How often per-user windows are pruned, ms of the bot's clock. */
const PRUNE_EVERY_MS = 30_000;

/**
 * The moderation engine: per-channel windows, the decision for each message (synchronous, so
 * concurrent messages never see half-updated state) and its enforcement. Per-user windows are
 * pruned on a timer, so memory is bounded by time as well as by count.
 */
export class Moderator {
  private readonly states = new Map<string, ChannelState>();
  /** Latest moderation config seen per channel (used by the prune timer). */
  private readonly configs = new Map<string, ModerationConfig>();
  private cancelPrune: (() => void) | undefined;
  /** Calibrated settings per config object, with the calibration version they were made for. */
  private readonly calibrated = new WeakMap<ModerationConfig, Map<string, { version: string; cfg: ModerationConfig }>>();
  /** Shield raises still waiting for Helix, per channel. */
  private readonly raising = new Map<string, Promise<void>>();
  readonly enforcer: Enforcer;
  readonly trust: TrustService;

  constructor(
    readonly services: ModuleServices,
    readonly store: ModerationStore,
  ) {
    this.enforcer = new Enforcer(store);
    this.trust = new TrustService(services.store, store);
  }

  /** The channel's state, created (and its mode logged) on first use (a message or a channel event). */
  state(from: ChatContext | ChannelScope): ChannelState {
    const scope = 'message' in from ? from.channel : from;
    const name = scope.name;
    let s = this.states.get(name);
    this.configs.set(name, scope.config.moderation);
    if (!s) {
      this.schedulePrune();
      const cfg = scope.config.moderation;
      s = new ChannelState(name, cfg, this.store, this.services.encoder, this.services.clock, this.services.log);
      this.states.set(name, s);
      const { mode, source } = s.mode(cfg);
      scope.log.info(
        mode === 'dry'
          ? `moderation in #${name}: DRY-RUN (decides and logs, enforces nothing; ${source === 'store' ? 'set by !modmode' : 'default for a new channel'}); a moderator turns enforcement on with !modmode enforce`
          : `moderation in #${name}: ENFORCING (${source === 'store' ? 'set by !modmode' : 'config defaultMode'})`,
        { channel: name, module: 'moderation', mode },
      );
    }
    return s;
  }

  /** Loads what the decision needs (blocklist vectors, allowlist) and resumes a pending shield restore. */
  async prepare(ctx: ChatContext, state: ChannelState): Promise<void> {
    const cfg = ctx.channel.config.moderation;
    if (cfg.blocklist.enabled && !state.blocklist.ready) await state.blocklist.load(cfg.blocklist.seed, ctx.now());
    await state.ensureAllowlist(cfg.flood.allowlist, this.services.encoder);
    // A restore left pending by the previous run goes to Helix without holding this message
    ctx.defer(state.shield.resume(ctx.channel.actions));
  }

  /**
   * The channel's moderation settings with similarity thresholds in the encoder's units (the
   * config's own for the hash encoder; see src/nlp/calibration).
   */
  settings(scope: ChannelScope): ModerationConfig {
    const base = scope.config.moderation;
    const cal = this.services.encoder.calibration;
    if (cal.identity) return base;
    let perChannel = this.calibrated.get(base);
    if (!perChannel) this.calibrated.set(base, (perChannel = new Map()));
    const blocklist = this.states.get(scope.name)?.blocklist;
    const version = `${cal.version(scope.name)}:${blocklist?.ready ? blocklist.version : -1}`;
    let hit = perChannel.get(scope.name);
    if (!hit || hit.version !== version) {
      let cfg = calibratedModeration(base, cal.scale(scope.name));
      // The blocklist compares each message to every example: calibrated on example-to-chat pairs
      const cross = blocklist?.ready ? cal.crossScale(scope.name, hashCrossTable(SEED_BLOCKLIST), blocklist.vectors()) : undefined;
      if (cross) {
        const b = base.blocklist;
        cfg = { ...cfg, blocklist: { ...cfg.blocklist, threshold: cross.threshold(b.threshold), linkMargin: cross.margin(b.threshold, b.linkMargin) } };
      }
      hit = { version, cfg };
      perChannel.set(scope.name, hit);
    }
    return hit.cfg;
  }

  /** Decides about the message and updates the windows. Synchronous and bounded in time. */
  decide(ctx: ChatContext, state: ChannelState): Verdict | undefined {
    const cfg = this.settings(ctx.channel);
    const m = ctx.message;
    const now = ctx.now();
    const exempt = exemptionsOf(ctx, cfg);
    const f = textFeatures(m);
    const vector = nonZero(ctx.vector) ? ctx.vector : undefined;
    const wm: WindowMessage = { id: m.id, userId: m.user.id, login: m.user.login, text: m.text, time: now, vector, exempt: exempt.always };
    const base = { messageId: m.id, userId: m.user.id, userLogin: m.user.login, text: m.text, time: now };
    let verdict: Verdict | undefined;
    let flood: Verdict | undefined;

    try {
      if (vector) {
        // Semantic filters: every window is updated, the strongest match wins
        const bc = cfg.blocklist;
        const blockOn = bc.enabled && !exempt.from(bc);
        const vwm = { ...wm, vector };
        const block = blockOn ? state.blocklist.best(vector, f.hasLink, bc.threshold, bc.linkMargin) : undefined;
        flood = this.flood(ctx, state, cfg, f, vwm, exempt.from(cfg.flood));
        const repeat = this.repeat(state, cfg, f, vwm, exempt.from(cfg.repeat));
        const learned =
          blockOn && bc.learnMinutes > 0 && !(block && block.score >= block.required)
            ? state.blocklist.bestLearned(vector, now, bc.learnMinutes * 60_000, bc.learnThreshold)
            : undefined;
        if (block && block.score >= block.required) {
          state.blocklist.learn({ messageId: m.id, text: m.text, vector, time: now, exampleId: block.example.id });
          verdict = {
            main: {
              ...base,
              filter: 'blocklist',
              score: block.score,
              detail: `like spam example #${block.example.id}`,
              action: bc.action,
              timeoutSeconds: bc.timeoutSeconds,
              evidence: [{ id: `blocklist:${block.example.id}`, text: block.example.text }],
            },
            earlier: [],
            raiseShield: false,
          };
        } else if (learned) {
          verdict = {
            main: {
              ...base,
              filter: 'blocklist',
              score: learned.score,
              detail: `variant of a caught spam (example #${learned.learned.exampleId})`,
              action: bc.action,
              timeoutSeconds: bc.timeoutSeconds,
              evidence: [{ id: learned.learned.messageId, text: learned.learned.text }],
            },
            earlier: [],
            raiseShield: false,
          };
        } else if (flood) verdict = flood;
        else if (repeat) {
          verdict = {
            main: {
              ...base,
              filter: 'repeat',
              score: repeat.score,
              detail: `${ordinal(repeat.matches.length + 1)} similar message in ${Math.round((now - repeat.matches[repeat.matches.length - 1]!.time) / 1000)} s`,
              action: cfg.repeat.action,
              timeoutSeconds: cfg.repeat.timeoutSeconds,
              evidence: evidenceOf([...repeat.matches].reverse()),
            },
            earlier: [],
            raiseShield: false,
          };
        }
      }

      // A raid shield outranks the blocklist; otherwise the flood's earlier copies still go
      if (flood && verdict && verdict !== flood) {
        if (flood.main.filter === 'shield') verdict = flood;
        else verdict = { ...verdict, earlier: flood.earlier, raiseShield: flood.raiseShield };
      }
      if (verdict && verdict.main.action !== 'log') {
        state.markDecided(verdict.main.messageId);
        for (const t of verdict.earlier) state.markDecided(t.messageId);
      }

      if (!verdict) {
        // Rule filters (also when the encoder was overloaded and there is no vector)
        const off = (name: RuleFilterName) =>
          !cfg[name].enabled || exempt.from(cfg[name]) || (name === 'links' && cfg.links.allowSubscribers && m.user.roles.has('subscriber'));
        const permitted = () => this.usePermit(state, m.user.login, now);
        let hit = checkRules(f, cfg, off, permitted);
        // Trust is asked only when a filter it can lift matched; then the other filters still apply
        const tc = cfg.trust;
        if (hit && tc.enabled && (tc.filters as readonly string[]).includes(hit.filter)) {
          const trust = this.trust.levelOf(ctx, tc);
          if (liftsRuleFilters(trust.level, tc)) {
            ctx.log.debug('rule filter lifted by trust', { channel: state.name, filter: hit.filter, userId: m.user.id, level: trust.level });
            hit = checkRules(f, cfg, (name) => off(name) || (tc.filters as readonly string[]).includes(name), permitted);
          }
        }
        if (hit) {
          const rc = cfg[hit.filter];
          verdict = {
            main: { ...base, filter: hit.filter, score: hit.score, detail: hit.detail, action: rc.action, timeoutSeconds: rc.timeoutSeconds, evidence: [] },
            earlier: [],
            raiseShield: false,
          };
        }
      }
    } finally {
      state.history.push(wm);
    }
    return verdict;
  }

  /** True when a rule filter that trust can lift matches the message (no permit is used up). */
  private liftableRuleHit(ctx: ChatContext, cfg: ModerationConfig): boolean {
    const lift = cfg.trust.filters as readonly string[];
    const hit = checkRules(
      textFeatures(ctx.message),
      cfg,
      (name) => !lift.includes(name) || !cfg[name].enabled,
      () => false,
    );
    return hit !== undefined;
  }

  /** Consumes the user's `!permit` if it is still valid. */
  private usePermit(state: ChannelState, login: string, now: number): boolean {
    const until = state.permits.get(login);
    if (until === undefined) return false;
    state.permits.delete(login);
    return until >= now;
  }

  private repeat(state: ChannelState, cfg: ModerationConfig, f: TextFeatures, wm: WindowMessage & { vector: Float32Array }, exempt: boolean) {
    const rc = cfg.repeat;
    if (!rc.enabled || exempt) return undefined;
    if (rc.ignoreReactions && f.reaction) return undefined;
    if (f.normalized.length < rc.minChars) return undefined;
    const r = state.repeats.observe(wm, { threshold: rc.threshold, lastMessages: rc.lastMessages, windowMs: rc.windowSeconds * 1000 });
    return r.matches.length + 1 >= rc.count ? r : undefined;
  }

  /**
   * Whether a message may count towards a flood (not culture, not allowlisted, long enough; a
   * newcomer's from shorter texts).
   */
  floodEligible(state: ChannelState, fc: ModerationConfig['flood'], f: TextFeatures, vector: Float32Array, newcomer = false): boolean {
    if (fc.ignoreReactions && f.reaction) return false;
    const nc = newcomer && fc.newcomers.enabled ? fc.newcomers : fc;
    if (f.words.length < Math.min(fc.minWords, nc.minWords) || f.normalized.length < Math.min(fc.minChars, nc.minChars)) return false;
    const allow = state.allowlist;
    if (allow && allow.vectors.length > 0) {
      if (allow.normalized.has(f.normalized)) return false;
      for (const v of allow.vectors) if (dot(vector, v) >= fc.threshold) return false;
    }
    return true;
  }

  /**
   * Whether chatters other than newcomers posted a near-duplicate of a short text lately: then
   * newcomers joined a running joke, it is not a raid of fresh accounts.
   */
  private regularsPosted(state: ChannelState, fc: ModerationConfig['flood'], wm: WindowMessage & { vector: Float32Array }): boolean {
    const ncMs = fc.newcomers.minutes * 60_000;
    for (const m of state.history.since(wm.time - Math.max(fc.holdSeconds, fc.windowSeconds) * 1000)) {
      if (m.vector && !state.wasNewcomer(m.userId, m.time, ncMs) && dot(m.vector, wm.vector) >= fc.threshold) return true;
    }
    return false;
  }

  private flood(
    ctx: ChatContext,
    state: ChannelState,
    cfg: ModerationConfig,
    f: TextFeatures,
    wm: WindowMessage & { vector: Float32Array },
    exempt: boolean,
  ): Verdict | undefined {
    const fc = cfg.flood;
    if (!fc.enabled || exempt) return undefined;
    const now = wm.time;
    const nc = fc.newcomers;
    const newcomer = nc.enabled && state.isNewcomer(wm.userId, ctx.firstTime, now, nc.minutes * 60_000);
    // Right after an incoming raid, newcomers pasting the raid message are its viewers, not a flood
    if (newcomer && state.raid.active(now)) return undefined;
    if (!this.floodEligible(state, fc, f, wm.vector, newcomer)) return undefined;
    const { group: g, score } = state.floods.observe(wm, { threshold: fc.threshold, windowMs: fc.windowSeconds * 1000 });
    const wasFlagged = g.flaggedUntil >= now;
    // A short text (only newcomers' count) needs more accounts: first-time chatters join running jokes too
    const short = f.words.length < fc.minWords || f.normalized.length < fc.minChars;
    if (!wasFlagged && g.users.size < (short ? Math.max(fc.users, nc.users) : fc.users)) return undefined;
    if (!wasFlagged && short && this.regularsPosted(state, fc, wm)) return undefined;
    g.flaggedUntil = now + Math.max(fc.holdSeconds, fc.windowSeconds) * 1000;
    // Only a new detection or a new shield walks the whole group; later copies cost O(1)
    const others = (): WindowMessage[] => g.members.filter((x) => x.id !== wm.id);
    const detail = `${g.users.size} ${short ? 'first-time chatters' : 'users'} posted it within ${fc.windowSeconds} s`;
    const evidence = evidenceOf(g.members.slice(-(MAX_EVIDENCE + 1)).filter((x) => x.id !== wm.id));
    const sc = fc.shield;
    // Raise the shield once per raid, and again if the raid outlasts it
    const raiseShield = sc.enabled && g.users.size >= sc.users && (!g.shielded || now >= g.shieldUntil);
    if (raiseShield) g.shieldUntil = now + sc.durationSeconds * 1000;
    const base = { filter: 'flood', score, detail, evidence };
    const targetOf = (x: WindowMessage): Omit<ActTarget, 'filter' | 'score' | 'detail' | 'evidence' | 'action' | 'timeoutSeconds'> => ({
      messageId: x.id,
      userId: x.userId,
      userLogin: x.login,
      text: x.text,
      time: x.time,
    });
    const earlier: ActTarget[] = [];
    let main: ActTarget;
    if (g.shielded || raiseShield) {
      // Shield: every participant gets the shield's action, once per user
      const firstShield = !g.shielded;
      g.shielded = true;
      const shieldTarget = (x: WindowMessage): ActTarget => {
        const first = !g.shieldUsers.has(x.userId);
        g.shieldUsers.add(x.userId);
        const t: ActTarget = {
          ...targetOf(x),
          ...base,
          filter: 'shield',
          action: first ? sc.action : 'delete',
          timeoutSeconds: sc.timeoutSeconds,
          evidence: x.id === wm.id ? evidence : [{ id: wm.id, text: wm.text }],
        };
        if (g.handled.has(x.id) || state.decided.has(x.id)) t.skipDelete = true;
        g.handled.add(x.id);
        return t;
      };
      main = shieldTarget(wm);
      if (firstShield) {
        for (const x of others()) {
          if (g.handled.has(x.id) && g.shieldUsers.has(x.userId)) continue;
          earlier.push(shieldTarget(x));
        }
      }
    } else {
      main = { ...targetOf(wm), ...base, action: short ? nc.action : fc.action, timeoutSeconds: fc.timeoutSeconds };
      g.handled.add(wm.id);
      if (!wasFlagged && fc.deleteEarlier) {
        for (const x of others()) {
          if (g.handled.has(x.id) || state.decided.has(x.id)) continue;
          g.handled.add(x.id);
          earlier.push({
            ...targetOf(x),
            ...base,
            action: (short ? nc.action : fc.action) === 'log' ? 'log' : 'delete',
            timeoutSeconds: fc.timeoutSeconds,
            evidence: [{ id: wm.id, text: wm.text }],
          });
        }
      }
    }
    ctx.log.debug('flood', { channel: state.name, group: g.id, users: g.users.size, shield: g.shielded });
    return { main, earlier, raiseShield };
  }

  /** The pipeline stage: decide, then act (or log in dry-run); acting stops the pipeline. */
  async handle(ctx: ChatContext, next: NextFunction): Promise<void> {
    const cfg = ctx.channel.config.moderation;
    if (!cfg.enabled || isFromOtherRoom(ctx)) return next();
    const state = this.state(ctx);
    await this.prepare(ctx, state);
    // A message a liftable rule filter would act on: learn the author's account age first (trust)
    if (cfg.trust.enabled && cfg.trust.minAccountAgeDays > 0 && !exemptionsOf(ctx, cfg).always && this.liftableRuleHit(ctx, cfg)) {
      await this.trust.prepare(ctx, cfg.trust);
    }
    const verdict = this.decide(ctx, state);
    if (!verdict) return next();
    const dry = state.mode(cfg).mode === 'dry';
    const acting = verdict.main.action !== 'log';
    if (acting) ctx.moderated = { filter: verdict.main.filter, enforced: !dry };
    // Lock the chat first, then clean up (the participants' own rows stay their last decision for !why)
    // The shield's Helix calls are queued first (moderation priority); the pipeline does not wait
    // Lock first: the clean-up calls start once the shield's have gone through
    if (verdict.raiseShield) this.raiseShieldOnce(ctx, state, dry);
    const lock = this.raising.get(state.name);
    await this.enforcer.act(ctx, state, verdict.main, dry, lock);
    for (const t of verdict.earlier) await this.enforcer.act(ctx, state, t, dry, lock);
    if (dry && acting && cfg.announceDryRun && !state.announcedDryRun) {
      state.announcedDryRun = true;
      const p = ctx.channel.config.prefix;
      await ctx.say(
        ctx.channel.config.language === 'fr'
          ? `Modération automatique en mode test : je note ce que je ferais (ici : ${filterName('fr', verdict.main.filter)}) sans agir. Un modo l'active avec ${p}modmode enforce`
          : `Auto-moderation is in dry-run: I log what I would do (here: ${filterName('en', verdict.main.filter)}) and act on nothing. A mod turns it on with ${p}modmode enforce`,
      );
    }
    if (!acting) return next();
  }

  /** One raise at a time per channel: a raise still talking to Helix absorbs the next triggers. */
  private raiseShieldOnce(ctx: ChatContext, state: ChannelState, dry: boolean): void {
    if (this.raising.has(state.name)) return;
    const p = this.raiseShield(ctx, state, dry)
      .catch((err: unknown) => ctx.log.error('shield failed', { channel: state.name, error: err }))
      .finally(() => this.raising.delete(state.name));
    this.raising.set(state.name, p);
    ctx.defer(p);
  }

  private async raiseShield(ctx: ChatContext, state: ChannelState, dry: boolean): Promise<void> {
    const sc = ctx.channel.config.moderation.flood.shield;
    const fr = ctx.channel.config.language === 'fr';
    const wanted = [sc.followerOnly && `followers-only ${sc.followerOnlyDelayMinutes} min`, sc.uniqueChat && 'unique-chat', sc.emoteOnly && 'emote-only']
      .filter(Boolean)
      .join(', ');
    const m = ctx.message;
    const row = {
      channel: state.name,
      time: ctx.now(),
      messageId: m.id,
      userId: m.user.id,
      userLogin: m.user.login,
      text: m.text,
      filter: 'shield',
      score: 1,
      action: 'none' as const,
      duration: sc.durationSeconds,
      evidence: [],
    };
    if (dry) {
      this.store.log({ ...row, reason: `would switch chat to ${wanted} for ${sc.durationSeconds} s`, enforced: false, helixOk: null, helixError: null });
      return;
    }
    // Logged when decided (before the raiders' own rows); the Helix result is filled in after
    const logId = this.store.log({
      ...row,
      reason: state.shield.active ? `shield extended for ${sc.durationSeconds} s` : `chat switched to ${wanted} for ${sc.durationSeconds} s`,
      enforced: true,
      helixOk: null,
      helixError: null,
    });
    const out = await state.shield.raise(ctx.channel.actions, sc);
    this.store.setHelixResult(logId, out.ok, out.error ?? null);
    if (out.ok && !out.extended && Object.keys(out.changed).length > 0) {
      const mins = Math.round(sc.durationSeconds / 60);
      await ctx.say(
        fr
          ? `Raid de bots détecté : chat en ${wanted} pendant ${mins} min, puis retour à la normale.`
          : `Bot raid detected: chat is ${wanted} for ${mins} min, then back to normal.`,
      );
    }
  }

  /** States of the channels seen so far. */
  channelState(name: string): ChannelState | undefined {
    return this.states.get(name);
  }

  /** Prunes per-user windows of every channel every 30 s of the bot's clock (time-bounded memory). */
  private schedulePrune(): void {
    if (this.cancelPrune) return;
    this.cancelPrune = this.services.clock.setTimer(PRUNE_EVERY_MS, () => {
      this.cancelPrune = undefined;
      const now = this.services.clock.now();
      for (const [name, state] of this.states) {
        const cfg = this.configs.get(name);
        if (cfg) state.prune(now, cfg);
      }
      this.schedulePrune();
    });
  }

  /** Restores shielded chat settings and stops timers (shutdown). */
  async close(): Promise<void> {
    this.cancelPrune?.();
    this.cancelPrune = undefined;
    for (const s of this.states.values()) await s.shield.restore();
  }

  /** Groups and sizes, for the eval and benchmarks. */
  windowSizes(name: string): { history: number; flood: number; floodGroups: number; repeatUsers: number } | undefined {
    const s = this.states.get(name);
    return s ? { history: s.history.size, flood: s.floods.size, floodGroups: s.floods.groupCount, repeatUsers: s.repeats.userCount } : undefined;
  }
}
