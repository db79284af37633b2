import type { Role } from '../../chat/message.js';
import { TRUST_LEVELS, type ModerationConfig, type TrustLevel } from '../config.js';

/** A moderator's manual setting of a chatter's trust. */
export type TrustOverride = 'trusted' | 'untrusted';

/** What the store knows about a chatter, for their trust level. */
export interface TrustFacts {
  /** Messages seen in the channel (this one included). */
  messages: number;
  /** Distinct days with a message. */
  daysSeen: number;
  /** First message, ms. */
  firstSeen: number;
  roles: ReadonlySet<Role>;
  /** Warnings, timeouts and bans within `penaltyDays` (bot or other moderators). */
  penalties: number;
  /** Account creation, ms, when Helix said. */
  accountCreatedAt?: number;
  override?: TrustOverride;
  /** Now, ms. */
  now: number;
}

/** Why a chatter has their level (shown by `!trustlevel`). */
export type TrustReason = 'override' | 'penalty' | 'young-account' | 'vip' | 'subscriber' | 'history';

/** A chatter's trust level and what decided it. */
export interface TrustVerdict {
  level: TrustLevel;
  reasons: TrustReason[];
}

const rank = (l: TrustLevel) => TRUST_LEVELS.indexOf(l);

/**
 * The trust level of a chatter: history first (messages over minutes and days), a subscriber
 * badge one level up (at most `regular`), a VIP badge `trusted`; then what pulls it down wins:
 * a recent penalty or a young account mean `new`. A moderator's `!trust`/`!untrust` beats all.
 */
export function trustLevelOf(f: TrustFacts, cfg: ModerationConfig['trust']): TrustVerdict {
  if (f.override) return { level: f.override === 'trusted' ? 'trusted' : 'new', reasons: ['override'] };
  const reasons: TrustReason[] = [];
  let level: TrustLevel = 'new';
  if (f.messages >= cfg.trustedMessages && f.daysSeen >= cfg.trustedDays) level = 'trusted';
  else if (f.messages >= cfg.regularMessages && f.daysSeen >= cfg.regularDays) level = 'regular';
  else if (f.messages >= cfg.knownMessages && f.now - f.firstSeen >= cfg.knownMinutes * 60_000) level = 'known';
  if (level !== 'new') reasons.push('history');
  if (cfg.badges) {
    if (f.roles.has('vip')) {
      level = 'trusted';
      reasons.push('vip');
    } else if (f.roles.has('subscriber') && rank(level) < rank('regular')) {
      level = TRUST_LEVELS[rank(level) + 1]!;
      reasons.push('subscriber');
    }
  }
  if (f.penalties > 0) return { level: 'new', reasons: ['penalty'] };
  if (cfg.minAccountAgeDays > 0 && f.accountCreatedAt !== undefined && f.now - f.accountCreatedAt < cfg.minAccountAgeDays * 86_400_000) {
    return { level: 'new', reasons: ['young-account'] };
  }
  return { level, reasons };
}

/** True when rule filters skip a chatter of `level`. */
export function liftsRuleFilters(level: TrustLevel, cfg: ModerationConfig['trust']): boolean {
  return cfg.enabled && rank(level) >= rank(cfg.ruleFiltersBelow);
}
