import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { REPORT_CLIENT_SCRIPT } from './report-client.js';
import type { ReportData } from './report-data.js';
import { REPORT_TEXT } from './report-text.js';

let chartJsSource: string | undefined;

/** The Chart.js UMD bundle from node_modules, read once (inlined so the report works offline). */
export function chartJsBundle(): string {
  if (chartJsSource === undefined) {
    const require = createRequire(import.meta.url);
    let main: string;
    try {
      main = require.resolve('chart.js');
    } catch (err) {
      throw new Error('The report needs the "chart.js" package. Fix: run `npm install` in the project folder.', { cause: err });
    }
    const umd = join(dirname(main), 'chart.umd.min.js');
    chartJsSource = readFileSync(umd, 'utf8').replace(/\/\/# sourceMappingURL=\S+\s*$/, '');
  }
  return chartJsSource;
}

/** JSON safe to place inside a <script> element (no `</script>`, no U+2028/2029 surprises). */
export function scriptJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

function esc(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

const STYLE = `
:root { --ink:#1f1f2e; --muted:#6b6b80; --bg:#f6f5fb; --card:#fff; --accent:#9146ff; }
* { box-sizing: border-box; }
body { margin:0; font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,Ubuntu,sans-serif; color:var(--ink); background:var(--bg); }
header { background:linear-gradient(120deg,#6b2fd6,#9146ff); color:#fff; padding:28px 32px 22px; }
header h1 { margin:0 0 6px; font-size:26px; }
#meta { display:flex; flex-wrap:wrap; gap:6px 22px; opacity:.92; font-size:14px; }
#dryrun { margin:12px 0 0; display:inline-block; background:rgba(255,255,255,.16); padding:4px 10px; border-radius:6px; font-size:13px; }
main { max-width:1200px; margin:0 auto; padding:22px 20px 40px; }
#cards { display:grid; grid-template-columns:repeat(auto-fill,minmax(165px,1fr)); gap:12px; margin-bottom:16px; }
.card { background:var(--card); border-radius:10px; padding:12px 14px; box-shadow:0 1px 3px rgba(0,0,0,.07); }
.card b { display:block; font-size:22px; color:var(--accent); }
.card span { color:var(--muted); font-size:13px; }
section { background:var(--card); border-radius:12px; padding:18px 20px; margin:16px 0; box-shadow:0 1px 3px rgba(0,0,0,.07); }
section h2 { margin:0 0 4px; font-size:19px; }
.help { color:var(--muted); margin:0 0 12px; font-size:13.5px; }
.chart { position:relative; height:280px; }
.chart.small { height:180px; }
.controls { display:flex; gap:16px; align-items:center; flex-wrap:wrap; margin-bottom:10px; }
select { font:inherit; padding:4px 8px; border-radius:6px; border:1px solid #ccc; background:#fff; }
table { width:100%; border-collapse:collapse; font-size:13.5px; }
th { text-align:left; color:var(--muted); font-weight:600; border-bottom:2px solid #eee; padding:6px 8px; position:sticky; top:0; background:#fff; }
td { border-bottom:1px solid #f0f0f0; padding:6px 8px; vertical-align:top; }
td.msg { max-width:380px; overflow-wrap:anywhere; }
td.num, .ln { font-variant-numeric:tabular-nums; color:var(--muted); white-space:nowrap; }
.scroll { max-height:460px; overflow:auto; margin-top:12px; }
.chip { color:#fff; border-radius:10px; padding:1px 8px; font-size:12px; white-space:nowrap; }
.evidence { font-size:12.5px; color:#444; max-width:320px; overflow-wrap:anywhere; }
.muted, .empty { color:var(--muted); }
.note { background:#fff8e6; border-left:4px solid #f0b429; padding:8px 12px; border-radius:6px; margin:8px 0; font-size:13.5px; }
.note ul { margin:4px 0 0; padding-left:20px; }
#answers { list-style:none; padding:0; margin:0; }
#answers li { padding:6px 0; border-bottom:1px solid #f0f0f0; display:flex; gap:12px; }
#answers time { color:var(--accent); font-weight:600; font-variant-numeric:tabular-nums; min-width:48px; }
#faq-entries { list-style:none; padding:0; margin:0; }
#faq-entries li { padding:6px 0; border-bottom:1px solid #f0f0f0; display:flex; gap:12px; align-items:baseline; }
#faq-entries b { font-variant-numeric:tabular-nums; min-width:40px; text-align:right; }
footer { text-align:center; color:var(--muted); font-size:12.5px; padding:10px 0 30px; }
`;

/**
 * Renders the replay report: one self-contained HTML file (Chart.js, data and script inline; no
 * network access). Chat text is only ever inserted with `textContent`.
 */
export function renderReport(data: ReportData): string {
  const t = REPORT_TEXT[data.lang];
  return `<!doctype html>
<html lang="${data.lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:">
<title>${esc(data.title)}</title>
<style>${STYLE}</style>
</head>
<body>
<header>
  <h1 id="title">${esc(data.title)}</h1>
  <div id="meta"></div>
  <p id="dryrun"></p>
</header>
<main>
  <div id="cards"></div>
  <div id="notes"></div>
  <section>
    <h2>${esc(t.activityTitle)}</h2>
    <p class="help">${esc(t.activityHelp)}</p>
    <div class="chart small"><canvas id="activity"></canvas></div>
  </section>
  <section>
    <h2>${esc(t.timelineTitle)}</h2>
    <p class="help">${esc(t.timelineHelp)}</p>
    <div class="chart" id="timeline-wrap"><canvas id="timeline"></canvas></div>
  </section>
  <section>
    <h2>${esc(t.windowTitle)}</h2>
    <p class="help">${esc(t.windowHelp)}</p>
    <div class="controls">
      <label>${esc(t.windowLength)} <select id="win-length"></select></label>
      <label>${esc(t.windowStart)} <select id="win-start"></select></label>
    </div>
    <div class="chart" style="height:380px"><canvas id="window"></canvas></div>
    <p class="empty" id="window-empty" hidden>${esc(t.noTopics)}</p>
  </section>
  <section>
    <h2>${esc(t.answersTitle)}</h2>
    <ul id="answers"></ul>
  </section>
  <section>
    <h2>${esc(t.moderationTitle)}</h2>
    <p class="help">${esc(t.moderationHelp)}</p>
    <div id="moderation-wrap">
      <div class="chart small"><canvas id="moderation"></canvas></div>
      <div class="controls" style="margin-top:10px"><label>${esc(t.filter)} <select id="mod-filter"></select></label><span class="muted" id="mod-count"></span></div>
      <div class="scroll"><table>
        <thead><tr><th>${esc(t.time)}</th><th>${esc(t.line)}</th><th>${esc(t.user)}</th><th>${esc(t.filter)}</th><th>${esc(t.action)}</th><th>${esc(t.score)}</th><th>${esc(t.message)}</th><th>${esc(t.evidence)}</th></tr></thead>
        <tbody id="mod-rows"></tbody>
      </table></div>
    </div>
  </section>
  <section>
    <h2>${esc(t.faqTitle)}</h2>
    <ul id="faq-entries"></ul>
    <div id="faq-wrap" class="scroll"><table>
      <thead><tr><th>${esc(t.time)}</th><th>${esc(t.line)}</th><th>${esc(t.user)}</th><th>${esc(t.question)}</th><th>${esc(t.entry)}</th><th>${esc(t.score)}</th><th>${esc(t.answer)}</th></tr></thead>
      <tbody id="faq-rows"></tbody>
    </table></div>
  </section>
  <section id="commands-section">
    <h2>${esc(t.commandsTitle)}</h2>
    <div class="scroll"><table>
      <thead><tr><th>${esc(t.time)}</th><th>${esc(t.line)}</th><th>${esc(t.user)}</th><th>${esc(t.command)}</th><th>${esc(t.response)}</th></tr></thead>
      <tbody id="cmd-rows"></tbody>
    </table></div>
  </section>
</main>
<footer>${esc(t.footer)}</footer>
<script type="application/json" id="replay-data">${scriptJson(data)}</script>
<script type="application/json" id="replay-text">${scriptJson(t)}</script>
<script>${chartJsBundle()}</script>
<script>${REPORT_CLIENT_SCRIPT}</script>
</body>
</html>
`;
}
