import type { Command } from '../../commands/command.js';
import type { SharedEncoder } from '../../nlp/shared-encoder.js';
import type { Moderator } from '../moderator.js';
import { nuke, unnuke, type NukePunishment } from '../nuke.js';
import { formatDuration, parseDuration, quote, tr } from './util.js';

/**
 * Parses `!nuke` arguments: `<text> [window] [timeout]`, where the text may be quoted and the
 * trailing tokens are durations (`5m`), or `ban`/`perma` for the punishment.
 */
export function parseNukeArgs(rest: string): { text: string; window?: number; punishment?: NukePunishment } | undefined {
  let text: string;
  let tail: string[];
  const quoted = /^"([^"]+)"\s*(.*)$/.exec(rest.trim());
  if (quoted) {
    text = quoted[1]!.trim();
    tail = quoted[2]!.split(/\s+/).filter(Boolean);
  } else {
    const words = rest.trim().split(/\s+/).filter(Boolean);
    tail = [];
    // Up to two trailing duration/ban tokens
    while (words.length > 1 && tail.length < 2) {
      const last = words[words.length - 1]!;
      if (parseDuration(last) === undefined && !/^(ban|perma|perm)$/i.test(last)) break;
      tail.unshift(words.pop()!);
    }
    text = words.join(' ');
  }
  if (text.length < 2) return undefined;
  const out: { text: string; window?: number; punishment?: NukePunishment } = { text };
  if (tail[0] !== undefined) {
    const w = parseDuration(tail[0]);
    if (w === undefined) return undefined;
    out.window = w;
  }
  if (tail[1] !== undefined) {
    if (/^(ban|perma|perm)$/i.test(tail[1])) out.punishment = { kind: 'ban' };
    else {
      const t = parseDuration(tail[1]);
      if (t === undefined) return undefined;
      out.punishment = { kind: 'timeout', seconds: Math.min(1_209_600, t) };
    }
  }
  return out;
}

/** `!nuke <text> [window] [timeout]` and `!unnuke`. */
export function createNukeCommands(moderator: Moderator, encoder: SharedEncoder): Command[] {
  const nukeCommand: Command = {
    name: 'nuke',
    description: 'Deletes every recent message similar to the text; optional window (default 2 min) and timeout or ban.',
    usage: '<text> [window] [timeout|ban]',
    permission: 'moderator',
    async run(ctx, args) {
      const parsed = parseNukeArgs(args.rest);
      const cfg = ctx.channel.config.moderation.nuke;
      if (!parsed) {
        await ctx.reply(
          tr(ctx, 'Usage : !nuke <texte> [fenêtre ex. 5m] [timeout ex. 10m | ban]', 'Usage: !nuke <text> [window e.g. 5m] [timeout e.g. 10m | ban]'),
        );
        return;
      }
      const window = Math.min(cfg.maxWindowSeconds, parsed.window ?? cfg.defaultWindowSeconds);
      const punishment = parsed.punishment ?? { kind: 'delete' };
      const r = await nuke(moderator, encoder, ctx, parsed.text, window, punishment);
      const what =
        punishment.kind === 'timeout'
          ? tr(
              ctx,
              `, ${r.users} utilisateur(s) en timeout ${formatDuration(punishment.seconds)}`,
              `, ${r.users} user(s) timed out ${formatDuration(punishment.seconds)}`,
            )
          : punishment.kind === 'ban'
            ? tr(ctx, `, ${r.users} utilisateur(s) banni(s)`, `, ${r.users} user(s) banned`)
            : '';
      const failed = r.failed > 0 ? tr(ctx, ` (${r.failed} action(s) refusée(s) par Twitch)`, ` (${r.failed} action(s) refused by Twitch)`) : '';
      await ctx.reply(
        tr(
          ctx,
          `Nuke "${quote(parsed.text, 40)}" sur ${formatDuration(window)} : ${r.messages} message(s) supprimé(s)${what}${failed}.`,
          `Nuke "${quote(parsed.text, 40)}" over ${formatDuration(window)}: ${r.messages} message(s) deleted${what}${failed}.`,
        ),
      );
    },
  };
  const unnukeCommand: Command = {
    name: 'unnuke',
    description: 'Lifts the timeouts and bans the last !nuke put on, not earlier ones (deleted messages cannot come back).',
    permission: 'moderator',
    async run(ctx) {
      const r = await unnuke(moderator, ctx);
      if (!r.found) {
        await ctx.reply(tr(ctx, 'Aucun nuke à annuler.', 'No nuke to undo.'));
        return;
      }
      const failed = r.failed > 0 ? tr(ctx, `, ${r.failed} échec(s)`, `, ${r.failed} failed`) : '';
      await ctx.reply(
        tr(
          ctx,
          `Unnuke "${quote(r.text ?? '', 40)}" : ${r.lifted} timeout(s)/ban(s) levé(s), ${r.kept} laissé(s) tel(s) quel(s)${failed}. Les ${r.deleted} message(s) supprimé(s) ne peuvent pas être restaurés (Twitch n'a pas d'annulation).`,
          `Unnuke "${quote(r.text ?? '', 40)}": ${r.lifted} timeout(s)/ban(s) lifted, ${r.kept} left as they were${failed}. The ${r.deleted} deleted message(s) cannot be restored (Twitch has no undelete).`,
        ),
      );
    },
  };
  return [nukeCommand, unnukeCommand];
}
