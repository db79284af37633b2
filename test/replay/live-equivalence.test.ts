// The replay runs the live bot's pipeline: the same small chat sent through the local sandbox to
// the real bot (twurple clients, Helix mock, local mode) and replayed from a file give the same
// decisions, message for message.
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { ManualClock } from '../../src/chat/clock.js';
import type { Decision } from '../../src/chat/decisions.js';
import { createModules } from '../../src/app/modules.js';
import { loadConfig } from '../../src/app/load-config.js';
import { HashEncoder } from '../../src/nlp/hash-encoder.js';
import { SharedEncoder } from '../../src/nlp/shared-encoder.js';
import type { ReplayLine } from '../../src/replay/decision-lines.js';
import { readChatFile } from '../../src/replay/read-chat-file.js';
import type { ParseResult } from '../../src/replay/record.js';
import { loadReplayConfig } from '../../src/app/replay/replay-config.js';
import { dryRunConfig, runReplay } from '../../src/replay/runner.js';
import { inProcessTarget } from '../../src/replay/target.js';
import { findTopicSource } from '../../src/replay/topics-adapter.js';
import { localEnv, startLocalApp, type LocalApp } from '../helpers/local-app.js';
import { fixturePath } from '../helpers/paths.js';

const CHANNEL = 'equivchan';

/** What is compared: everything a decision says, with message ids turned into input lines. */
interface Comparable {
  line: number | null;
  kind: string;
  detail: Record<string, unknown>;
}

let chat: ParseResult;
let live: Comparable[] = [];
let replayed: Comparable[] = [];
let local: LocalApp | undefined;

function fromDecision(d: Decision, lineOf: Map<string, number>): Comparable {
  const line = lineOf.get(d.messageId) ?? null;
  if (d.kind === 'moderation') {
    return {
      line,
      kind: d.kind,
      detail: {
        filter: d.filter,
        action: d.action,
        duration: d.duration ?? null,
        score: Math.round(d.score * 1000) / 1000,
        evidence: d.evidence.map((id) => lineOf.get(id) ?? id),
        enforced: d.enforced,
      },
    };
  }
  if (d.kind === 'faq') return { line, kind: d.kind, detail: { entry: d.entry, score: Math.round(d.score * 1000) / 1000, answer: d.answer } };
  return { line, kind: d.kind, detail: { command: d.command, response: d.response } };
}

function fromLine(l: ReplayLine): Comparable | undefined {
  if (l.kind === 'moderation') {
    return {
      line: l.line,
      kind: l.kind,
      detail: {
        filter: l.filter,
        action: l.action,
        duration: l.duration,
        score: Math.round(l.score * 1000) / 1000,
        evidence: [...l.evidence, ...l.evidence_other],
        enforced: l.enforced,
      },
    };
  }
  if (l.kind === 'faq') return { line: l.line, kind: l.kind, detail: { entry: l.entry, score: Math.round(l.score * 1000) / 1000, answer: l.answer } };
  if (l.kind === 'command') return { line: l.line, kind: l.kind, detail: { command: l.command, response: l.response } };
  return undefined;
}

beforeAll(async () => {
  chat = readChatFile(fixturePath('replay', 'live-vs-replay.jsonl'));
  const loaded = loadConfig({ dir: localEnv.configDir, channels: [] });
  const channelConfig = dryRunConfig(loadReplayConfig(CHANNEL, undefined, localEnv.configDir).channel);

  // 1. Live: the real app in local mode on simulated time, each message sent as its viewer.
  const clock = new ManualClock(chat.records[0]!.time);
  local = await startLocalApp({
    config: {
      ...loaded,
      global: { ...loaded.global, encoder: { kind: 'hash', path: null, options: {} } },
      channels: [],
      channelConfigs: new Map([[CHANNEL, channelConfig]]),
      defaultChannel: channelConfig,
    },
    simulatedClock: clock,
    sandbox: { channels: [CHANNEL] },
    joinTimeoutMs: 15_000,
  });
  const lineOf = new Map<string, number>();
  for (const r of chat.records) {
    clock.advanceTo(r.time);
    const ctx = await local.send({
      channel: CHANNEL,
      login: r.user!,
      userId: r.userId!,
      roles: r.roles,
      text: r.text,
      firstMessage: r.firstMessage ?? false,
      bypassChatRules: true,
    });
    lineOf.set(ctx.message.id, r.line);
  }
  live = local.decisions.map((d) => fromDecision(d, lineOf));
  await local.close();
  local = undefined;

  // 2. Replay of the same file.
  const encoder = new SharedEncoder(new HashEncoder(), { maxWaitMs: 0 });
  try {
    const lines: ReplayLine[] = [];
    await runReplay({
      parse: readChatFile(fixturePath('replay', 'live-vs-replay.jsonl')),
      file: 'live-vs-replay.jsonl',
      channel: CHANNEL,
      config: channelConfig,
      target: inProcessTarget({ encoder, createModules }),
      topics: findTopicSource,
      onLine: (l) => lines.push(l),
    });
    replayed = lines.map(fromLine).filter((c): c is Comparable => c !== undefined);
  } finally {
    await encoder.close();
  }
}, 90_000);

afterAll(async () => {
  await local?.close();
});

describe('replay = live pipeline', () => {
  test('the small chat exercises moderation, FAQ and commands', () => {
    const kinds = new Set(live.map((c) => c.kind));
    expect(kinds).toEqual(new Set(['moderation', 'faq', 'command']));
    const filters = new Set(live.filter((c) => c.kind === 'moderation').map((c) => c.detail['filter']));
    expect(filters.size).toBeGreaterThanOrEqual(3);
    // Nothing was enforced: dry-run on both sides, and !modmode could not switch it.
    expect(live.every((c) => c.kind !== 'moderation' || c.detail['enforced'] === false)).toBe(true);
  });

  test('same decisions, same messages, same order', () => {
    expect(replayed).toEqual(live);
  });
});
