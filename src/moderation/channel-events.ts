import type { ChannelScope } from '../chat/context.js';
import type { ChannelEvent, ModeratorActionEvent } from '../bot/module.js';
import type { ChannelState } from './channel-state.js';
import type { Moderator } from './moderator.js';

/**
 * Moderation's side of channel events: an incoming raid opens the grace period during which
 * newcomers' copies do not make a flood; joining runs a shield restore a previous run left pending;
 * another moderator's action lowers the user's trust and offers the message as a blocklist example.
 */
export async function onModerationChannelEvent(moderator: Moderator, event: ChannelEvent, scope: ChannelScope): Promise<void> {
  const cfg = scope.config.moderation;
  if (!cfg.enabled) return;
  const state = moderator.state(scope);
  const log = scope.log;
  if (event.kind === 'moderator-action') {
    // Another moderator's timeout/ban is moderation history: it lowers the user's trust
    if (cfg.trust.enabled) moderator.trust.notePenalty(scope, event);
    // What they removed is offered as a blocklist example
    offerRemovedMessage(state, event, scope);
    return;
  }
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

/** Messages shorter than this are not offered (a removed "lol" teaches nothing). */
const MIN_OFFER_CHARS = 6;
/** How far back a timeout or ban looks for the user's message when the event does not carry it. */
const OFFER_LOOKBACK_MS = 10 * 60_000;

/**
 * A message another moderator deleted, or the last message of a user they timed out or banned,
 * is offered as a blocklist example (`!spam add` with no text confirms it), and logged with who
 * acted.
 */
function offerRemovedMessage(state: ChannelState, event: ModeratorActionEvent, scope: ChannelScope): void {
  if (event.action !== 'delete' && event.action !== 'timeout' && event.action !== 'ban') return;
  const now = scope.clock.now();
  const login = event.target?.login?.toLowerCase();
  let text = event.messageText;
  if (text === undefined && event.messageId !== undefined) text = state.history.latest((m) => m.id === event.messageId)?.text;
  if (text === undefined && login !== undefined && event.action !== 'delete') {
    text = state.history.latest((m) => m.login === login && m.time >= now - OFFER_LOOKBACK_MS)?.text;
  }
  if (text === undefined || text.trim().length < MIN_OFFER_CHARS) return;
  const taughtBy = event.moderator?.login;
  state.offers.offer({ text: text.slice(0, 500), ...(taughtBy ? { taughtBy } : {}), action: event.action, ...(login ? { userLogin: login } : {}), at: now });
  scope.log.info(
    `blocklist example offered: ${taughtBy ?? 'a moderator'} (${event.action}) removed a message; a moderator adds it with ${scope.config.prefix}spam add`,
    {
      channel: scope.name,
      module: 'moderation',
      taughtBy,
      action: event.action,
      user: login,
      text: text.slice(0, 200),
    },
  );
}
