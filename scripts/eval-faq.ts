/**
 * FAQ quality with the built-in encoder: `npm run eval:faq -- [backseat.tsv] [--encoder hash|onnx:<dir>] [--threshold x] [--margin y] [--split dev|test|all]`.
 *
 * 1. Labelled set (test/fixtures/faq/labelled.tsv): precision and recall per entry and overall at
 *    the default threshold, for the `dev` split (used while tuning), the held-out `test` split and
 *    both; every error of the printed split is listed.
 * 2. Replay of a recorded chat (default ../shared/data/backseat-2021-11-04.tsv beside the repo, when present)
 *    through the FAQ module with its cooldowns on simulated time: every auto-answer is printed.
 */
import { readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { ChatContext, type ChannelScope } from '../src/bot/context.js';
import { ManualClock } from '../src/bot/clock.js';
import type { Decision } from '../src/bot/decisions.js';
import { silentLogger } from '../src/bot/logger.js';
import type { ChatMessage } from '../src/bot/message.js';
import { RecordingActions } from '../src/bot/recording-actions.js';
import { channelConfigSchema } from '../src/config/channel-config.js';
import { loadFaqFile } from '../src/faq/file.js';
import { FaqIndex, matchText, prepareMessage } from '../src/faq/matcher.js';
import { createFaqModule } from '../src/faq/module.js';
import { isQuestionLike } from '../src/faq/question.js';
import { createEncoder } from '../src/nlp/create-encoder.js';
import { HashEncoder } from '../src/nlp/hash-encoder.js';
import { SharedEncoder } from '../src/nlp/shared-encoder.js';
import { Store } from '../src/store/store.js';

const root = process.cwd();
const argv = process.argv.slice(2);
const flag = (name: string): string | undefined => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? argv[i + 1] : undefined;
};
const positional = argv.filter((a, i) => !a.startsWith('--') && !argv[i - 1]?.startsWith('--'));
const replayPath = positional[0] ?? join(root, '..', 'shared', 'data', 'backseat-2021-11-04.tsv');
const overrides: Record<string, unknown> = {};
if (flag('threshold')) overrides['threshold'] = Number(flag('threshold'));
if (flag('margin')) overrides['margin'] = Number(flag('margin'));
const config = channelConfigSchema.parse({ faq: overrides });
const cfg = config.faq;
const showErrors = flag('errors') ?? 'dev';

interface Row {
  split: string;
  expected: string;
  source: string;
  text: string;
}

function readLabelled(file: string): Row[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .slice(1)
    .filter((l) => l.trim())
    .map((l) => {
      const [split, expected, source, ...text] = l.split('\t');
      return { split: split!, expected: expected!, source: source!, text: text.join('\t') };
    });
}

const pct = (n: number, d: number): string => (d === 0 ? '   -  ' : ((100 * n) / d).toFixed(1).padStart(5) + '%');

async function main(): Promise<void> {
  const encoderArg = flag('encoder') ?? 'hash';
  const encoder =
    encoderArg === 'hash' ? new SharedEncoder(new HashEncoder()) : new SharedEncoder(await createEncoder({ kind: 'onnx', path: encoderArg.replace(/^onnx:/, '') }), { maxWaitMs: 0 });
  // Settings are hash units; another encoder gets them through its calibration (as the bot does)
  await encoder.calibrate();
  const scale = encoder.calibration.scale('');
  if (!scale.isIdentity) {
    const margin = scale.margin(cfg.threshold, cfg.margin);
    console.log(`calibrated: threshold ${cfg.threshold} -> ${scale.threshold(cfg.threshold).toFixed(3)}, margin ${cfg.margin} -> ${margin.toFixed(3)}`);
  }
  // What the matcher gets (the module's own path maps the channel settings itself)
  const th = scale.threshold(cfg.threshold);
  const mg = scale.margin(cfg.threshold, cfg.margin);
  const entries = loadFaqFile(join(root, 'config/faq.yaml'));
  const index = await FaqIndex.build(entries, encoder);
  console.log(`encoder ${encoder.id} | ${entries.length} entries | threshold ${cfg.threshold} margin ${cfg.margin} questionsOnly ${cfg.questionsOnly}`);

  // 1. Labelled set: the module's answer rule without cooldowns
  const rows = readLabelled(join(root, 'test/fixtures/faq/labelled.tsv'));
  if (argv.includes('--sweep')) {
    // Tuning aid on the dev split only: overall precision/recall over a grid
    const dev = rows.filter((r) => r.split === 'dev');
    const prepared = dev.map((r) => {
      const p = prepareMessage(r.text);
      const ok = p.tokens.length > 0 && r.text.length <= cfg.maxMessageLength && (!cfg.questionsOnly || isQuestionLike(r.text, p.tokens));
      return { r, ok };
    });
    for (const lw of [0.25, 0.35, 0.5, 0.65]) {
      for (const rk of [true, false]) {
        const idx = await FaqIndex.build(entries, encoder, undefined, { lexicalWeight: lw, requireKeyword: rk });
        for (const margin of [0.03, 0.05, 0.08]) {
          const cells: string[] = [];
          for (let th = 0.4; th <= 0.701; th += 0.05) {
            let tp = 0, ans = 0, pos = 0;
            for (const x of prepared) {
              if (x.r.expected !== '-') pos++;
              if (!x.ok) continue;
              const m = await matchText(idx, encoder, x.r.text, th, margin);
              if (!m?.accepted || !m.best) continue;
              ans++;
              if (m.best.id === x.r.expected) tp++;
            }
            cells.push(`${th.toFixed(2)}:${pct(tp, ans).trim()}/${pct(tp, pos).trim()}`);
          }
          console.log(`lw ${lw} kw ${rk ? 'y' : 'n'} margin ${margin} | ${cells.join('  ')}`);
        }
      }
    }
    return;
  }
  const predicted: string[] = [];
  for (const r of rows) {
    const p = prepareMessage(r.text);
    let out = '-';
    const eligible =
      p.tokens.length > 0 && r.text.length <= cfg.maxMessageLength && (!cfg.questionsOnly || isQuestionLike(r.text, p.tokens));
    if (eligible) {
      const m = await matchText(index, encoder, r.text, th, mg);
      if (m?.accepted && m.best) out = m.best.id;
    }
    predicted.push(out);
  }
  for (const split of ['dev', 'test', 'all']) {
    const sel = rows.map((r, i) => ({ r, p: predicted[i]! })).filter(({ r }) => split === 'all' || r.split === split);
    console.log(`\n== labelled set, split ${split}: ${sel.length} messages (${sel.filter((x) => x.r.expected !== '-').length} positives)`);
    console.log('entry       precision   recall   (tp/answered, tp/positives)');
    let tpAll = 0;
    let ansAll = 0;
    let posAll = 0;
    for (const e of entries) {
      const tp = sel.filter((x) => x.p === e.id && x.r.expected === e.id).length;
      const answered = sel.filter((x) => x.p === e.id).length;
      const positives = sel.filter((x) => x.r.expected === e.id).length;
      tpAll += tp;
      ansAll += answered;
      posAll += positives;
      console.log(`${e.id.padEnd(10)}  ${pct(tp, answered)}    ${pct(tp, positives)}   (${tp}/${answered}, ${tp}/${positives})`);
    }
    console.log(`${'OVERALL'.padEnd(10)}  ${pct(tpAll, ansAll)}    ${pct(tpAll, posAll)}   (${tpAll}/${ansAll}, ${tpAll}/${posAll})`);
    const fpNeg = sel.filter((x) => x.r.expected === '-' && x.p !== '-').length;
    console.log(`negatives answered: ${fpNeg}/${sel.filter((x) => x.r.expected === '-').length}`);
    if (split === showErrors || showErrors === 'all') {
      for (const x of sel) {
        if (x.p === x.r.expected) continue;
        const m = await matchText(index, encoder, x.r.text, th, mg);
        const b = m?.best;
        const detail = b ? `${b.id} ${b.score.toFixed(2)} (sem ${b.semantic.toFixed(2)} lex ${b.lexical.toFixed(2)}) 2nd ${m?.second?.id} ${m?.second?.score.toFixed(2)}` : '';
        console.log(`  ${x.r.expected === '-' ? 'FP' : x.p === '-' ? 'FN' : 'WRONG'} want ${x.r.expected} got ${x.p} | ${x.r.text} | ${detail}`);
      }
    }
  }

  // 2. Replay through the module (cooldowns on simulated time)
  if (!existsSync(replayPath)) {
    console.log(`\nreplay skipped: ${replayPath} not found (pass the Backseat TSV path)`);
    return;
  }
  const lines = readFileSync(replayPath, 'utf8').split('\n').slice(1).filter((l) => l.trim());
  const store = Store.open({ path: ':memory:' });
  const clock = new ManualClock(0);
  const module = createFaqModule({ encoder, store, clock, log: silentLogger }, { baseDir: root });
  const actions = new RecordingActions();
  const decisions: Decision[] = [];
  const scope: ChannelScope = { name: 'backseat', config, actions, clock, log: silentLogger, record: (d) => decisions.push(d) };
  let eligible = 0;
  const started = performance.now();
  for (let i = 0; i < lines.length; i++) {
    const [time, , ...rest] = lines[i]!.split('\t');
    const text = rest.join('\t');
    const ts = Date.parse(time!.replace(' ', 'T') + 'Z');
    clock.advanceTo(ts);
    const msg: ChatMessage = {
      id: `l${i + 2}`,
      channel: 'backseat',
      channelId: 'c-backseat',
      user: { id: `anon${i}`, login: `anon${i}`, displayName: `anon${i}`, roles: new Set(), firstMessage: false },
      text,
      emotes: [],
      timestamp: ts,
      line: i + 2,
    };
    const ctx = new ChatContext(msg, scope);
    ctx.vector = await encoder.encode(text);
    const p = prepareMessage(text);
    if (p.tokens.length > 0 && isQuestionLike(text, p.tokens)) eligible++;
    await module.passive!(ctx, async () => undefined);
  }
  const ms = performance.now() - started;
  const answers = decisions.filter((d) => d.kind === 'faq');
  console.log(`\n== replay ${replayPath}: ${lines.length} messages, ${eligible} question-like, ${answers.length} auto-answers (${(lines.length / (ms / 1000)).toFixed(0)} msg/s)`);
  for (const d of answers) {
    if (d.kind !== 'faq') continue;
    const line = Number(d.messageId.slice(1));
    console.log(`  line ${line} [${d.entry} ${d.score.toFixed(2)}] ${lines[line - 2]!.split('\t').slice(2).join(' ')}`);
  }
  await module.close?.();
  store.close();
  await encoder.close();
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
