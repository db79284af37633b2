import { z } from 'zod';

/**
 * What a filter does when it matches.
 * - `escalate`: the user's strike ladder (see `escalation.steps`): delete + warn, then timeouts.
 * - `delete`: delete the message only (no strike).
 * - `warn`: delete + Helix warning (no strike).
 * - `timeout`: timeout of the filter's `timeoutSeconds` (no strike).
 * - `ban`: permanent ban.
 * - `log`: record the match in the moderation log, act on nothing.
 */
export const filterActionSchema = z.enum(['escalate', 'delete', 'warn', 'timeout', 'ban', 'log']);
export type FilterAction = z.output<typeof filterActionSchema>;

/** Roles that a channel may exempt from filters (broadcaster and moderators are always exempt). */
export const exemptRoleSchema = z.enum(['vip', 'subscriber']);
export type ExemptRole = z.output<typeof exemptRoleSchema>;

/** Fields every filter has. */
const filterBase = {
  /** Whether the filter runs. */
  enabled: z.boolean().default(true),
  /** What to do on a match. Default `escalate` for spam filters, `delete` for rule filters. */
  action: filterActionSchema.default('escalate'),
  /** Timeout length in seconds when `action` is `timeout`. Default 60. */
  timeoutSeconds: z.number().int().min(1).max(1_209_600).default(60),
  /** Roles exempt from this filter; when absent, the module-wide `exemptRoles` apply. */
  exemptRoles: z.array(exemptRoleSchema).optional(),
};

/** Rule filter fields (`action` defaults to `delete`). */
const ruleBase = { ...filterBase, action: filterActionSchema.default('delete') };

/** One rung of the escalation ladder. Every rung deletes the message first. */
export const escalationStepSchema = z.object({
  /** `warn` = delete + Helix warning; `timeout` = timeout of `seconds`; `ban` = permanent ban. */
  action: z.enum(['delete', 'warn', 'timeout', 'ban']),
  /** Timeout length for `timeout`. Default 60. */
  seconds: z.number().int().min(1).max(1_209_600).default(60),
});
export type EscalationStep = z.output<typeof escalationStepSchema>;

/** Trust levels of chatters, lowest first (see `trust`). */
export const TRUST_LEVELS = ['new', 'known', 'regular', 'trusted'] as const;
export type TrustLevel = (typeof TRUST_LEVELS)[number];

/** Rule filters that trust can lift. */
export const TRUST_FILTERS = ['links', 'caps', 'symbols', 'emotes', 'length', 'repeatedChars', 'zalgo'] as const;

/** Settings of the moderation module (per channel). */
export const moderationConfigSchema = z.object({
  /** Whether the module runs in this channel. Default true. */
  enabled: z.boolean().default(true),
  /**
   * Mode of a channel where nobody has run `!modmode` yet. `dry`: decide and log everything,
   * enforce nothing (announced once in chat). `enforce`: act. Once a moderator runs
   * `!modmode dry|enforce`, the stored choice wins over this value. Default `dry`.
   */
  defaultMode: z.enum(['dry', 'enforce']).default('dry'),
  /** Say once in chat (per bot run) that the channel is in dry-run when it first matters. Default true. */
  announceDryRun: z.boolean().default(true),
  /** Roles exempt from every filter unless a filter says otherwise. Default `[vip]`. */
  exemptRoles: z.array(exemptRoleSchema).default(['vip']),
  /** User ids never acted on (besides broadcaster and moderators). Default none. */
  exemptUserIds: z.array(z.string()).default([]),
  /** Messages kept per channel for `!nuke` and the flood index (bounded). Default 10000. */
  historySize: z.number().int().min(100).max(100_000).default(10_000),

  /** Strike ladder used by filters whose action is `escalate`. */
  escalation: z
    .object({
      /** Rungs, mildest first; the n-th strike uses the n-th rung (the last one repeats). */
      steps: z
        .array(escalationStepSchema)
        .min(1)
        .default([
          { action: 'warn', seconds: 60 },
          { action: 'timeout', seconds: 60 },
          { action: 'timeout', seconds: 600 },
          { action: 'timeout', seconds: 86_400 },
        ]),
      /** Each full period of this many quiet minutes (no new strike) forgives one strike. Default 60. */
      decayMinutes: z.number().min(1).max(525_600).default(60),
    })
    .prefault({}),

  /** Per-user repeats: the K-th near-duplicate of one's own recent messages triggers. */
  repeat: z
    .object({
      ...filterBase,
      /** Cosine similarity at or above which two messages are near-duplicates. Default 0.65. */
      threshold: z.number().min(0).max(1).default(0.65),
      /** K: the K-th near-identical message (counting the first) triggers. Default 3. */
      count: z.number().int().min(2).max(50).default(3),
      /** Last N messages of the user that are compared. Default 10. */
      lastMessages: z.number().int().min(2).max(100).default(10),
      /** Window in seconds. Default 120. */
      windowSeconds: z.number().min(1).max(86_400).default(120),
      /** Messages shorter than this (normalised characters) never count. Default 6. */
      minChars: z.number().int().min(0).max(500).default(6),
      /** Emote-only messages and short reactions (`LUL`, `+1`, `gg`, greetings) never count. Default true. */
      ignoreReactions: z.boolean().default(true),
    })
    .prefault({}),

  /** Flood / copypasta / bot raid: M distinct users post near-duplicates within T seconds. */
  flood: z
    .object({
      ...filterBase,
      /**
       * Subscribers' and VIPs' copies never count: hype copypasta from the community is culture,
       * and raid accounts hold no badges. Default `[vip, subscriber]` (not the module-wide list).
       */
      exemptRoles: z.array(exemptRoleSchema).default(['vip', 'subscriber']),
      /** Cosine similarity at or above which two messages are copies. Default 0.7. */
      threshold: z.number().min(0).max(1).default(0.7),
      /** M: distinct users whose copies make a flood. Default 3. */
      users: z.number().int().min(2).max(1000).default(3),
      /** T: window in seconds. Default 60. */
      windowSeconds: z.number().min(1).max(3600).default(60),
      /** A detected flood keeps catching copies for this many seconds after the last one. Default 300. */
      holdSeconds: z.number().min(0).max(86_400).default(300),
      /** Messages with fewer words than this never count (emotes excluded). Default 5. */
      minWords: z.number().int().min(1).max(100).default(5),
      /**
       * Messages shorter than this (normalised characters, emotes excluded) never count: short
       * running jokes that half the chat types ("y'a pas la mer à Nantes") are culture, pasted
       * copypastas and raid texts are longer. Default 40.
       */
      minChars: z.number().int().min(0).max(500).default(40),
      /** Emote-only messages and short reactions/greetings never count. Default true. */
      ignoreReactions: z.boolean().default(true),
      /**
       * Newcomers: first-time chatters in the channel (Twitch `first-msg` tag, the chatter registry, suspicious-user marks; see `chatters` in the global config) and for
       * `minutes` after it. Their copies count from shorter texts, so a short raid of fresh accounts
       * ("follow me on insta @x", "lien en bio") is caught; a short text that other chatters also
       * posted within `holdSeconds` is a running joke newcomers joined, never a raid.
       */
      newcomers: z
        .object({
          /** Default true. */
          enabled: z.boolean().default(true),
          /**
           * Action on a short text's flood (replaces the flood's `action`). Default `delete`: raid
           * accounts post once, and a friendly Twitch raid pasting its raid message gets no strike.
           */
          action: filterActionSchema.default('delete'),
          /** How long after a chatter's first message they still count as a newcomer. Default 10. */
          minutes: z.number().min(0).max(1440).default(10),
          /** Newcomers' messages with fewer words than this never count. Default 2. */
          minWords: z.number().int().min(1).max(100).default(2),
          /** Newcomers' messages shorter than this (normalised characters) never count. Default 8. */
          minChars: z.number().int().min(0).max(500).default(8),
          /** Distinct newcomers posting one short text (under the flood's minWords/minChars) that make a flood. Default 4. */
          users: z.number().int().min(2).max(1000).default(4),
        })
        .prefault({}),
      /**
       * Minutes after an incoming Twitch raid during which newcomers' copies never make a flood:
       * the raiders paste the raid message on their first message. Blocklist, links and rule
       * filters still apply. 0 = off. Default 5.
       */
      raidGraceMinutes: z.number().min(0).max(120).default(5),
      /** Phrases that are channel culture: messages similar to one never count. Default none. */
      allowlist: z.array(z.string()).default([]),
      /** On detection, also delete the earlier copies that formed the flood. Default true. */
      deleteEarlier: z.boolean().default(true),
      /** Bot-raid shield: act on every participant and lock chat settings for a while. */
      shield: z
        .object({
          /** Default false (opt-in). */
          enabled: z.boolean().default(false),
          /** Distinct users in one flood that raise the shield. Default 5. */
          users: z.number().int().min(2).max(1000).default(5),
          /** What happens to every participant. Default `timeout`. */
          action: filterActionSchema.default('timeout'),
          /** Timeout of participants when `action` is `timeout`. Default 600. */
          timeoutSeconds: z.number().int().min(1).max(1_209_600).default(600),
          /** How long chat settings stay switched before being restored. Default 300. */
          durationSeconds: z.number().int().min(10).max(86_400).default(300),
          /** Followers-only while shielded. Default true. */
          followerOnly: z.boolean().default(true),
          /** Follow age in minutes for followers-only. Default 10. */
          followerOnlyDelayMinutes: z.number().int().min(0).max(129_600).default(10),
          /** Unique-chat while shielded. Default true. */
          uniqueChat: z.boolean().default(true),
          /** Emote-only while shielded. Default false. */
          emoteOnly: z.boolean().default(false),
        })
        .prefault({}),
    })
    .prefault({}),

  /** Semantic blocklist: known spam stored as examples (`!spam add|del|list`). */
  blocklist: z
    .object({
      ...filterBase,
      /** Cosine similarity to an example at or above which a message is spam. Default 0.42. */
      threshold: z.number().min(0).max(1).default(0.42),
      /**
       * Extra similarity required when the example holds a link or domain and the message does
       * not ("best viewers on twitch" is praise, "best viewers on <domain>" is spam). Default 0.35.
       */
      linkMargin: z.number().min(0).max(1).default(0.35),
      /** Seed the channel's list with built-in real-world patterns (FR + EN) on first use. Default true. */
      seed: z.boolean().default(true),
      /**
       * Minutes a message caught by the blocklist stays a temporary example, so the next variants
       * of a mutating campaign match it even when they drift from the stored example. 0 = off.
       * Default 30.
       */
      learnMinutes: z.number().min(0).max(1440).default(30),
      /** Similarity to a temporary (caught) example at or above which a message matches. Default 0.7. */
      learnThreshold: z.number().min(0).max(1).default(0.7),
    })
    .prefault({}),

  /** Links: any URL whose domain is not allowed, unless the user has a `!permit`. */
  links: z
    .object({
      ...ruleBase,
      /** Allowed domains (subdomains included). Default Twitch, YouTube and clips. */
      allowDomains: z.array(z.string()).default(['twitch.tv', 'clips.twitch.tv', 'youtube.com', 'youtu.be']),
      /** Default `!permit` duration in seconds. Default 60. */
      permitSeconds: z.number().int().min(5).max(3600).default(60),
      /** Subscribers may post links. Default false. */
      allowSubscribers: z.boolean().default(false),
    })
    .prefault({}),

  /** Shouting: share of upper-case letters. */
  caps: z
    .object({
      ...ruleBase,
      /** Only messages with at least this many letters are checked (short shouting is culture). Default 30. */
      minLetters: z.number().int().min(1).max(500).default(30),
      /** Share of upper-case letters at or above which a message is acted on. Default 0.9. */
      maxRatio: z.number().min(0).max(1).default(0.9),
    })
    .prefault({}),

  /** Symbol spam: share of characters that are neither letters, digits nor spaces. */
  symbols: z
    .object({
      ...ruleBase,
      /** Only messages with at least this many non-space characters are checked. Default 20. */
      minChars: z.number().int().min(1).max(500).default(20),
      /** Share at or above which a message is acted on. Default 0.7. */
      maxRatio: z.number().min(0).max(1).default(0.7),
    })
    .prefault({}),

  /** Emote spam: emotes in one message. */
  emotes: z
    .object({
      ...ruleBase,
      /** More emotes than this is acted on. Default 25. */
      maxCount: z.number().int().min(1).max(500).default(25),
    })
    .prefault({}),

  /** Walls of text. Off by default: long messages in real chat are discussion (Twitch caps them at 500). */
  length: z
    .object({
      ...ruleBase,
      enabled: z.boolean().default(false),
      /** More characters than this is acted on. Default 400. */
      maxChars: z.number().int().min(10).max(500).default(400),
    })
    .prefault({}),

  /** Zalgo text: stacked combining marks. */
  zalgo: z
    .object({
      ...ruleBase,
      /** More combining marks than this in the whole message is acted on. Default 8. */
      maxMarks: z.number().int().min(0).max(500).default(8),
    })
    .prefault({}),

  /** Runs of one repeated character (`aaaaaaaaaaaaaaaaaaaa`). */
  repeatedChars: z
    .object({
      ...ruleBase,
      /** A run longer than this is acted on. Default 40. */
      maxRun: z.number().int().min(3).max(500).default(40),
    })
    .prefault({}),

  /**
   * Trusted chatters: a trust level per chatter from what the store knows (messages sent, days
   * seen, moderation history, subscriber/VIP badges, account age when Helix gives it, and
   * moderators' `!trust`/`!untrust`). The rule filters listed in `filters` act only on chatters
   * below `ruleFiltersBelow`; semantic filters (repeat, flood, blocklist) act on everybody, and
   * broadcaster/moderators stay exempt from all.
   */
  trust: z
    .object({
      /** Default true. */
      enabled: z.boolean().default(true),
      /** Rule filters apply to chatters below this level. Default `regular`. */
      ruleFiltersBelow: z.enum(TRUST_LEVELS).default('regular'),
      /** Rule filters that trust lifts. Default links, caps, symbols, emotes, length. */
      filters: z.array(z.enum(TRUST_FILTERS)).default(['links', 'caps', 'symbols', 'emotes', 'length']),
      /** `known`: at least this many messages, the first at least `knownMinutes` ago. Default 10. */
      knownMessages: z.number().int().min(1).max(100_000).default(10),
      /** Default 30. */
      knownMinutes: z.number().min(0).max(525_600).default(30),
      /** `regular`: at least this many messages on at least `regularDays` distinct days. Default 40. */
      regularMessages: z.number().int().min(1).max(1_000_000).default(40),
      /** Default 3. */
      regularDays: z.number().int().min(1).max(3650).default(3),
      /** `trusted` without `!trust`: this many messages on `trustedDays` days. Default 400. */
      trustedMessages: z.number().int().min(1).max(10_000_000).default(400),
      /** Default 15. */
      trustedDays: z.number().int().min(1).max(3650).default(15),
      /** A subscriber badge raises the level by one (up to `regular`); a VIP badge makes one `trusted`. Default true. */
      badges: z.boolean().default(true),
      /** A timeout, ban or deletion within this many days (by the bot or another moderator) drops the chatter to `new`. Default 30. */
      penaltyDays: z.number().min(0).max(3650).default(30),
      /** Accounts younger than this many days (Helix, when known) stay `new`. 0 = ignore account age. Default 7. */
      minAccountAgeDays: z.number().min(0).max(3650).default(7),
    })
    .prefault({}),

  /** `!nuke <text> [window] [timeout]` defaults. */
  nuke: z
    .object({
      /** Similarity to the nuked text at or above which a message is hit. Default 0.7. */
      threshold: z.number().min(0).max(1).default(0.7),
      /** Window looked back when none is given, in seconds. Default 120. */
      defaultWindowSeconds: z.number().int().min(1).max(3600).default(120),
      /** Longest window accepted, in seconds. Default 1800. */
      maxWindowSeconds: z.number().int().min(1).max(86_400).default(1800),
    })
    .prefault({}),
});

export type ModerationConfig = z.output<typeof moderationConfigSchema>;

declare module '../chat/channel-config.js' {
  interface ChannelConfigSections {
    moderation: ModerationConfig;
  }
}
