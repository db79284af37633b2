import type { EscalationStep, ModerationConfig } from './config.js';
import type { ModerationStore } from './moderation-store.js';

/** Strikes left after decay: one strike forgiven per full quiet period since the last one. */
export function decayedStrikes(strikes: number, lastStrikeAt: number, now: number, decayMinutes: number): number {
  const periods = Math.floor(Math.max(0, now - lastStrikeAt) / (decayMinutes * 60_000));
  return Math.max(0, strikes - periods);
}

/** The rung of the ladder for the n-th strike (1-based; past the top, the last rung repeats). */
export function stepFor(steps: readonly EscalationStep[], strike: number): EscalationStep {
  return steps[Math.min(steps.length, Math.max(1, strike)) - 1]!;
}

/** Per-user strikes with decay, persisted in the store so they survive restarts. */
export class Escalation {
  constructor(private readonly store: ModerationStore) {}

  /** Current strikes of a user after decay. */
  current(channel: string, userId: string, now: number, config: ModerationConfig['escalation']): number {
    const row = this.store.getStrikes(channel, userId);
    return row ? decayedStrikes(row.strikes, row.lastStrikeAt, now, config.decayMinutes) : 0;
  }

  /** Adds a strike and returns the new count with the rung to apply. */
  strike(channel: string, user: { id: string; login: string }, now: number, config: ModerationConfig['escalation']): { strikes: number; step: EscalationStep } {
    const strikes = this.current(channel, user.id, now, config) + 1;
    this.store.setStrikes(channel, { userId: user.id, userLogin: user.login, strikes, lastStrikeAt: now });
    return { strikes, step: stepFor(config.steps, strikes) };
  }
}
