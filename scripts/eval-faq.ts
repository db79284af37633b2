/**
 * FAQ quality with the built-in encoder: `npm run eval:faq -- [backseat.tsv] [--encoder hash|onnx:<dir>] [--errors dev|test|unseen|all|none]
 * [--without spelling,lexicon,answer,aspects,chat] [--levers] [--sweep] [--labelled-only]`.
 *
 * 1. Labelled set (test/fixtures/faq/labelled.tsv): precision and recall per entry and overall at
 *    the default threshold, for the `dev` split (used while tuning), the held-out `test` split and
 *    both; every error of the `--errors` split is listed. The channel's chat statistics come from
 *    test/fixtures/faq/chat-backseat.txt.
 * 1b. Held-out FAQ of another streamer (test/fixtures/faq/unseen: faq.yaml, labelled.tsv, chat.txt),
 *    never used for tuning.
 *    `--levers` prints precision / recall of dev, test and unseen with each lever alone, all of
 *    them, and all but one; `--without` switches levers off for the whole run; `--sweep` is a
 *    grid over threshold, margin and weights on `dev` only.
 * 2. Replay of a recorded chat (default ../shared/data/backseat-2021-11-04.tsv beside the repo, when present)
 *    through the FAQ module with its cooldowns on simulated time: every auto-answer is printed.
 */
import { readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { ChatContext, type ChannelScope } from '../src/chat/context.js';
import { ManualClock } from '../src/chat/clock.js';
import type { Decision } from '../src/chat/decisions.js';
import { silentLogger } from '../src/chat/logger.js';
import type { ChatMessage } from '../src/chat/message.js';
import { RecordingActions } from '../src/chat/recording-actions.js';
import { channelConfigSchema } from '../src/app/channel-config.js';
import type { FaqEntry } from '../src/faq/entry.js';
import { loadFaqFile } from '../src/faq/file.js';
import { ChatVocabulary } from '../src/faq/chat-vocabulary.js';
import { viewerLexicon } from '../src/faq/lexicon.js';
import { FaqIndex, matchText, prepareMessage, type FaqIndexOptions, type WordCommonness } from '../src/faq/matcher.js';
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
/** Threshold and margin the matcher gets: the settings, calibrated for another encoder than the built-in one. */
let matchThreshold = cfg.threshold;
let matchMargin = cfg.margin;
const showErrors = flag('errors') ?? 'dev';
/** Levers switched off with `--without a,b` (spelling, lexicon, answer, aspects, chat). */
const without = (flag('without') ?? '').split(',').filter(Boolean);

type Lever = 'spelling' | 'lexicon' | 'answer' | 'aspects' | 'chat';

/** Matcher options with only the given levers on (`chat` is passed to the match, not the index). */
function leverOptions(on: readonly Lever[]): FaqIndexOptions {
  return {
    spelling: on.includes('spelling'),
    lexicon: on.includes('lexicon') ? viewerLexicon() : null,
    answerWeight: on.includes('answer') ? undefined : 0,
    aspects: on.includes('aspects'),
  };
}

/** The chat vocabulary of a channel from a chat excerpt (one message a line). */
function chatVocabulary(file: string): ChatVocabulary {
  const v = new ChatVocabulary();
  for (const line of readFileSync(file, 'utf8').split('\n')) if (line.trim()) v.record(line);
  return v;
}

/** True positives, answers and positives of predictions. */
function figures(rows: readonly Row[], predicted: readonly string[]): { tp: number; answered: number; positives: number } {
  let tp = 0;
  let answered = 0;
  let positives = 0;
  rows.forEach((r, i) => {
    if (r.expected !== '-') positives++;
    if (predicted[i] !== '-') answered++;
    if (predicted[i] !== '-' && predicted[i] === r.expected) tp++;
  });
  return { tp, answered, positives };
}

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

/** The module's answer rule without cooldowns: the predicted entry id of each row, `-` for none. */
async function predict(index: FaqIndex, encoder: SharedEncoder, rows: readonly Row[], chat?: WordCommonness): Promise<string[]> {
  return predictWith(index, encoder, rows, chat, matchThreshold, matchMargin);
}

async function predictWith(
  index: FaqIndex,
  encoder: SharedEncoder,
  rows: readonly Row[],
  chat: WordCommonness | undefined,
  threshold: number,
  margin: number,
): Promise<string[]> {
  const out: string[] = [];
  for (const r of rows) {
    const p = prepareMessage(r.text);
    let id = '-';
    const eligible = p.tokens.length > 0 && r.text.length <= cfg.maxMessageLength && (!cfg.questionsOnly || isQuestionLike(r.text, p.tokens));
    if (eligible) {
      const m = await matchText(index, encoder, r.text, threshold, margin, chat);
      if (m?.accepted && m.best) id = m.best.id;
    }
    out.push(id);
  }
  return out;
}

/** Prints precision and recall per entry and overall, and optionally every error. */
async function report(
  title: string,
  entries: readonly FaqEntry[],
  sel: readonly { r: Row; p: string }[],
  index: FaqIndex,
  encoder: SharedEncoder,
  errors: boolean,
  chat?: WordCommonness,
): Promise<void> {
  console.log(`\n== ${title}: ${sel.length} messages (${sel.filter((x) => x.r.expected !== '-').length} positives)`);
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
  if (!errors) return;
  for (const x of sel) {
    if (x.p === x.r.expected) continue;
    const m = await matchText(index, encoder, x.r.text, matchThreshold, matchMargin, chat);
    const b = m?.best;
    const detail = b
      ? `${b.id} ${b.score.toFixed(2)} (sem ${b.semantic.toFixed(2)} lex ${b.lexical.toFixed(2)} kw ${b.keywords.join(',')}) 2nd ${m?.second?.id} ${m?.second?.score.toFixed(2)} ${m?.reason ?? ''} ${m?.aspects?.join(',') ?? ''}`
      : '';
    console.log(`  ${x.r.expected === '-' ? 'FP' : x.p === '-' ? 'FN' : 'WRONG'} want ${x.r.expected} got ${x.p} | ${x.r.text} | ${detail}`);
  }
}

async function main(): Promise<void> {
  const encoderArg = flag('encoder') ?? 'hash';
  const encoder =
    encoderArg === 'hash'
      ? new SharedEncoder(new HashEncoder())
      : new SharedEncoder(await createEncoder({ kind: 'onnx', path: encoderArg.replace(/^onnx:/, '') }), { maxWaitMs: 0 });
  // Settings are hash units; another encoder gets them through its calibration (as the bot does)
  await encoder.calibrate();
  const scale = encoder.calibration.scale('');
  if (!scale.isIdentity) {
    const margin = scale.margin(cfg.threshold, cfg.margin);
    console.log(`calibrated: threshold ${cfg.threshold} -> ${scale.threshold(cfg.threshold).toFixed(3)}, margin ${cfg.margin} -> ${margin.toFixed(3)}`);
  }
  // What the matcher gets (the module's own path maps the channel settings itself)
  matchThreshold = scale.threshold(cfg.threshold);
  matchMargin = scale.margin(cfg.threshold, cfg.margin);
  const entries = loadFaqFile(join(root, 'config/faq.yaml'));
  const rows = readLabelled(join(root, 'test/fixtures/faq/labelled.tsv'));
  const unseenEntries = loadFaqFile(join(root, 'test/fixtures/faq/unseen/faq.yaml'));
  const unseenRows = readLabelled(join(root, 'test/fixtures/faq/unseen/labelled.tsv'));
  // Each FAQ's channel chat, for the word statistics lever
  const shippedChat = chatVocabulary(join(root, 'test/fixtures/faq/chat-backseat.txt'));
  const unseenChat = chatVocabulary(join(root, 'test/fixtures/faq/unseen/chat.txt'));

  if (argv.includes('--levers')) {
    // Effect of each lever: all levers off, each one alone, all on, all on but one
    const all: Lever[] = ['spelling', 'lexicon', 'answer', 'aspects', 'chat'];
    const configs: { name: string; on: Lever[] }[] = [
      { name: 'none', on: [] },
      ...all.map((l) => ({ name: `only ${l}`, on: [l] })),
      { name: 'all', on: all },
      ...all.map((l) => ({ name: `all but ${l}`, on: all.filter((x) => x !== l) })),
    ];
    console.log('levers                 dev P / R        test P / R       unseen P / R');
    for (const c of configs) {
      const cells: string[] = [];
      for (const [set, es, rs, chat] of [
        ['dev', entries, rows.filter((r) => r.split === 'dev'), shippedChat],
        ['test', entries, rows.filter((r) => r.split === 'test'), shippedChat],
        ['unseen', unseenEntries, unseenRows, unseenChat],
      ] as const) {
        void set;
        const idx = await FaqIndex.build(es, encoder, undefined, leverOptions(c.on));
        const pred = await predict(idx, encoder, rs, c.on.includes('chat') ? chat : undefined);
        const f = figures(rs, pred);
        cells.push(`${pct(f.tp, f.answered)} /${pct(f.tp, f.positives)}`);
      }
      console.log(`${c.name.padEnd(20)}  ${cells.join('   ')}`);
    }
    return;
  }

  const options = leverOptions(['spelling', 'lexicon', 'answer', 'aspects', 'chat'].filter((l) => !without.includes(l)) as Lever[]);
  const index = await FaqIndex.build(entries, encoder, undefined, options);
  const chat = without.includes('chat') ? undefined : shippedChat;
  console.log(
    `encoder ${encoder.id} | ${entries.length} entries | threshold ${cfg.threshold} margin ${cfg.margin} questionsOnly ${cfg.questionsOnly}` +
      (without.length ? ` | without ${without.join(', ')}` : ''),
  );

  // 1. Labelled set: the module's answer rule without cooldowns
  if (argv.includes('--sweep')) {
    // Tuning aid on the dev split only: overall precision/recall over a grid
    const dev = rows.filter((r) => r.split === 'dev');
    for (const lw of [0.25, 0.35, 0.5]) {
      for (const tb of [0, 0.05, 0.1, 0.15]) {
        const idx = await FaqIndex.build(entries, encoder, undefined, { ...options, lexicalWeight: lw, topicBonus: tb });
        for (const margin of [0.03, 0.05, 0.08]) {
          const cells: string[] = [];
          for (let th = 0.35; th <= 0.651; th += 0.05) {
            const pred = await predictWith(idx, encoder, dev, chat, th, margin);
            const f = figures(dev, pred);
            cells.push(`${th.toFixed(2)}:${pct(f.tp, f.answered).trim()}/${pct(f.tp, f.positives).trim()}`);
          }
          console.log(`lw ${lw} tb ${tb} margin ${margin} | ${cells.join('  ')}`);
        }
      }
    }
    return;
  }
  const predicted = await predict(index, encoder, rows, chat);
  for (const split of ['dev', 'test', 'all']) {
    const sel = rows.map((r, i) => ({ r, p: predicted[i]! })).filter(({ r }) => split === 'all' || r.split === split);
    await report(`labelled set, split ${split}`, entries, sel, index, encoder, split === showErrors || showErrors === 'all', chat);
  }

  // 1b. Held-out FAQ of another streamer (never used for tuning)
  const unseenIndex = await FaqIndex.build(unseenEntries, encoder, undefined, options);
  const uChat = without.includes('chat') ? undefined : unseenChat;
  const unseenPredicted = await predict(unseenIndex, encoder, unseenRows, uChat);
  await report(
    `unseen FAQ (test/fixtures/faq/unseen, ${unseenEntries.length} entries)`,
    unseenEntries,
    unseenRows.map((r, i) => ({ r, p: unseenPredicted[i]! })),
    unseenIndex,
    encoder,
    showErrors === 'unseen' || showErrors === 'all',
    uChat,
  );
  if (argv.includes('--labelled-only')) return;

  // 2. Replay through the module (cooldowns on simulated time)
  if (!existsSync(replayPath)) {
    console.log(`\nreplay skipped: ${replayPath} not found (pass the Backseat TSV path)`);
    return;
  }
  const lines = readFileSync(replayPath, 'utf8')
    .split('\n')
    .slice(1)
    .filter((l) => l.trim());
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
  console.log(
    `\n== replay ${replayPath}: ${lines.length} messages, ${eligible} question-like, ${answers.length} auto-answers (${(lines.length / (ms / 1000)).toFixed(0)} msg/s)`,
  );
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
