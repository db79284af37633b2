import { z } from 'zod';
import { LOG_LEVELS } from '../chat/logger.js';

const channelLogin = z
  .string()
  .transform((s) => s.replace(/^#/, '').toLowerCase())
  .pipe(z.string().regex(/^[a-z0-9_]{2,25}$/, 'a Twitch login: 2-25 letters, digits or _'));

/** Which sentence encoder the bot loads (one, shared by every module). */
export const encoderConfigSchema = z
  .strictObject({
    /** `hash`: built-in hashing encoder, no model files. `onnx`: a sentence-transformers model exported to ONNX. Default `hash`. */
    kind: z.enum(['hash', 'onnx']).default('hash'),
    /** Model directory for `onnx` (see models/README.md). Default none. */
    path: z.string().nullable().default(null),
    /** Options passed to the encoder (ONNX: pooling, maxSeqLength, threads...). Default none. */
    options: z.record(z.string(), z.unknown()).default({}),
    /** Micro-batching of the shared encoder. Default: the defaults below. */
    batch: z
      .strictObject({
        /** Longest wait of a text for others to join its batch, in ms (0 = never wait). Default 2. */
        maxWaitMs: z.number().min(0).max(100).default(2),
        /** No wait at all when the encoder is idle (quiet chat); the full wait under load. Default true. */
        adaptive: z.boolean().default(true),
        /** Most texts per batch. Default 32. */
        maxBatch: z.number().int().min(1).max(512).default(32),
      })
      .optional(),
  })
  .check((ctx) => {
    if (ctx.value.kind === 'onnx' && !ctx.value.path) {
      ctx.issues.push({
        code: 'custom',
        input: ctx.value.kind,
        path: ['kind'],
        message: 'onnx needs a model directory in encoder.path',
        params: { fix: 'set encoder.path to the model directory (see models/README.md), or use kind: hash' },
      });
    }
  });

/** Settings of the process (not per channel). Read from the top level of `config/default.yaml`. */
export const globalConfigSchema = z.strictObject({
  /** Channels to join (logins). `TWITCH_CHANNELS` replaces this list. Default none. */
  channels: z.array(channelLogin).default([]),
  encoder: encoderConfigSchema.prefault({}),
  store: z
    .strictObject({
      /** SQLite file (created with its folder). `BOT_STORE_PATH` replaces it. Default `data/bot.sqlite`. */
      path: z.string().min(1).default('data/bot.sqlite'),
    })
    .prefault({}),
  log: z
    .strictObject({
      /** Lowest level written: debug, info, warn, error, silent. `LOG_LEVEL` replaces it. Default `info`. */
      level: z.enum(LOG_LEVELS).default('info'),
      /** `pretty` (one readable line) or `json` (one object per line). `LOG_FORMAT` replaces it. Default `pretty`. */
      format: z.enum(['pretty', 'json']).default('pretty'),
    })
    .prefault({}),
  twitch: z
    .strictObject({
      /**
       * Raises twurple's chat rate limit to moderator level. `auto`: on when the start-up check
       * finds the bot moderator (or broadcaster) in every channel. Default `auto`.
       */
      isAlwaysMod: z.union([z.boolean(), z.literal('auto')]).default('auto'),
      /** `none`, `known` or `verified` bot (Twitch-granted): raises chat rate limits. Default `none`. */
      botLevel: z.enum(['none', 'known', 'verified']).default('none'),
      /** Extra attempts of a Helix call or chat message after a 429/5xx/network failure. Default 2. */
      helixRetries: z.number().int().min(0).max(5).default(2),
      /** Deadline of one Helix action in seconds: the request is aborted and reported as failed. Default 30. */
      helixTimeoutSeconds: z.number().min(1).max(300).default(30),
      /** A chat answer not sent within this many seconds is dropped (a late answer is noise). Default 20. */
      chatDeadlineSeconds: z.number().min(1).max(300).default(20),
    })
    .prefault({}),
  health: z
    .strictObject({
      /**
       * Port of `GET /healthz` on 127.0.0.1 (JSON: ok / degraded / down, with each check); 0 = any
       * free port, null = off. `HEALTH_PORT` replaces it. Default 8091.
       */
      port: z.number().int().min(0).max(65535).nullable().default(8091),
    })
    .prefault({}),
  chatters: z
    .strictObject({
      /**
       * Minutes the chatter registry must have watched a channel before "never seen" counts as a
       * first-time chatter; until then only `first-msg` tags and suspicious-user marks do. Default 60.
       */
      warmupMinutes: z.number().min(0).max(10_080).default(60),
    })
    .prefault({}),
  sandbox: z
    .strictObject({
      /** Port of the local web page and chat server (127.0.0.1 only); 0 = any free port. `SANDBOX_PORT` replaces it. Default 8080. */
      port: z.number().int().min(0).max(65535).default(8080),
      /** Channel the local mode joins. Default `sandbox`. */
      channel: channelLogin.default('sandbox'),
      /** Plays a bundled excerpt of real chat in the background. Default true. */
      backgroundChat: z.boolean().default(true),
    })
    .prefault({}),
  dashboard: z
    .strictObject({
      /** Serves the moderators' dashboard (live decisions, moderation log, FAQ, lists, topics, settings, /metrics). Default true. */
      enabled: z.boolean().default(true),
      /**
       * Address to listen on. `127.0.0.1` (default): this machine only, sign-in with the login token printed at start.
       * Anything else exposes the dashboard: then sign-in with Twitch only (needs `publicUrl` and `TWITCH_CLIENT_SECRET`).
       */
      host: z.string().min(1).default('127.0.0.1'),
      /** Port; 0 = any free port. `DASHBOARD_PORT` replaces it. Default 8081. */
      port: z.number().int().min(0).max(65535).default(8081),
      /**
       * Address moderators open when the dashboard is exposed (behind a TLS proxy, e.g. `https://bot.example.org`):
       * the Twitch sign-in redirect is `<publicUrl>/auth/twitch/callback` (register it in the Twitch app). Setting it
       * makes the dashboard exposed even on 127.0.0.1 (Twitch sign-in only). Default none.
       */
      publicUrl: z.url().nullable().default(null),
      /** Hours a sign-in lasts. Default 12. */
      sessionHours: z
        .number()
        .min(0.1)
        .max(24 * 30)
        .default(12),
    })
    .prefault({}),
  /** Per-channel defaults (prefix, modules...), overridden by `config/channels/<channel>.yaml`. */
  channel: z.unknown().optional(),
});

export type GlobalConfig = z.output<typeof globalConfigSchema>;
export type EncoderConfig = z.output<typeof encoderConfigSchema>;
