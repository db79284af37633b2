import type { ChannelScope } from '../chat/context.js';
import type { ChannelEvent } from '../bot/module.js';
import type { Moderator } from './moderator.js';

/**
 * Moderation's side of channel events: an incoming raid opens the grace period during which
 * newcomers' copies do not make a flood; joining runs a shield restore a previous run left pending.
 */
export async function onModerationChannelEvent(moderator: Moderator, event: ChannelEvent, scope: ChannelScope): Promise<void> {
  const cfg = scope.config.moderation;
  if (!cfg.enabled) return;
  if (event.kind === 'moderator-action') {
    // Another moderator's timeout/ban is moderation history: it lowers the user's trust
    if (cfg.trust.enabled) moderator.trust.notePenalty(scope, event);
    return;
  }
  const state = moderator.state(scope);
  const log = scope.log;
  if (event.kind === 'raid') {
    const minutes = cfg.flood.raidGraceMinutes;
    const fields = { channel: scope.name, module: 'moderation', from: event.fromLogin, viewers: event.viewers };
    if (minutes <= 0) {
      log.info(`incoming raid from ${event.fromLogin}; raid grace is off (flood.raidGraceMinutes: 0)`, fields);
      return;
    }
    state.raid.start(event.fromLogin, event.viewers, scope.clock.now(), minutes);
    log.info(`incoming raid from ${event.fromLogin} (${event.viewers} viewers): newcomers' copies are not a flood for ${minutes} min`, fields);
    return;
  }
  // joined: a restore left pending by the previous run is due now or re-armed, not at the first message
  const pending = moderator.store.getPendingRestore(scope.name);
  if (!pending || state.shield.active) return;
  const due = pending.restoreAt <= scope.clock.now();
  log.info(due ? 'shield restore left pending by the previous run: restoring chat settings now' : 'shield restore left pending by the previous run: re-armed', {
    channel: scope.name,
    module: 'moderation',
    restoreAt: pending.restoreAt,
  });
  await state.shield.resume(scope.actions);
}
