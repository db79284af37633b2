// Page script of the replay report (plain browser JavaScript, embedded as text).
// It builds every chart and table from the JSON embedded in the page, with textContent only.
export const REPORT_CLIENT_SCRIPT: string = String.raw`
(function () {
  'use strict';
  var DATA = JSON.parse(document.getElementById('replay-data').textContent);
  var T = JSON.parse(document.getElementById('replay-text').textContent);
  var PALETTE = ['#9146ff', '#00a3a3', '#f08a24', '#e0245e', '#2f80ed', '#27ae60', '#c0392b', '#8e44ad', '#d4a017', '#16a085', '#7f8c8d', '#e67e22'];
  var FILTER_COLORS = {};
  var tz = DATA.timeZone || 'UTC';
  var fmtTime, fmtDay;
  try {
    fmtTime = new Intl.DateTimeFormat(DATA.lang, { hour: '2-digit', minute: '2-digit', timeZone: tz });
    fmtDay = new Intl.DateTimeFormat(DATA.lang, { dateStyle: 'medium', timeStyle: 'short', timeZone: tz });
  } catch (e) {
    fmtTime = new Intl.DateTimeFormat(DATA.lang, { hour: '2-digit', minute: '2-digit', timeZone: 'UTC' });
    fmtDay = new Intl.DateTimeFormat(DATA.lang, { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' });
  }
  var nf = new Intl.NumberFormat(DATA.lang);
  function hm(ms) { return fmtTime.format(new Date(ms)); }
  function when(iso) { return iso ? hm(Date.parse(iso)) : ''; }
  function el(tag, attrs, children) {
    var n = document.createElement(tag);
    if (attrs) for (var k in attrs) {
      if (k === 'text') n.textContent = attrs[k];
      else if (k === 'cls') n.className = attrs[k];
      else n.setAttribute(k, attrs[k]);
    }
    (children || []).forEach(function (c) { if (c) n.appendChild(typeof c === 'string' ? document.createTextNode(c) : c); });
    return n;
  }
  function $(id) { return document.getElementById(id); }
  function clip(s, n) { s = String(s == null ? '' : s); var a = Array.from(s); return a.length > n ? a.slice(0, n - 1).join('') + '…' : s; }
  function duration(min) {
    if (min < 60) return Math.round(min) + ' ' + T.minutes;
    var h = Math.floor(min / 60), m = Math.round(min - h * 60);
    return h + ' ' + T.hours + ' ' + (m < 10 ? '0' : '') + m;
  }
  function colorOf(i) { return PALETTE[i % PALETTE.length]; }
  function alpha(hex, a) {
    var v = parseInt(hex.slice(1), 16);
    return 'rgba(' + (v >> 16) + ',' + ((v >> 8) & 255) + ',' + (v & 255) + ',' + a + ')';
  }
  function typeName(t) { return (T.types && T.types[t]) || t; }
  function label(keywords) { return (keywords && keywords.length ? keywords.slice(0, 3).join(' · ') : '…'); }

  Chart.defaults.font.family = 'system-ui, -apple-system, "Segoe UI", Roboto, Ubuntu, sans-serif';
  Chart.defaults.color = '#3b3b4f';
  Chart.defaults.animation = false;
  Chart.defaults.locale = DATA.lang;
  var S = DATA.summary;
  // Phones: shorter axis labels and smaller bubbles.
  var narrow = window.innerWidth < 640;

  // Header.
  document.title = DATA.title;
  $('title').textContent = DATA.title;
  var colon = DATA.lang === 'fr' ? ' : ' : ': ';
  $('meta').appendChild(el('span', { text: T.file + colon + S.file }));
  if (S.chat.start) $('meta').appendChild(el('span', { text: T.period + colon + fmtDay.format(new Date(S.chat.start)) + ' → ' + when(S.chat.end) + ' (' + tz + ')' }));
  $('meta').appendChild(el('span', { text: T.encoder + colon + S.encoder }));
  if (S.calibration) {
    var C = S.calibration;
    var th = Object.keys(C.thresholds).map(function (k) { return k.split('.').pop() + ' ' + C.thresholds[k].threshold.toFixed(2); }).join(', ');
    $('meta').appendChild(el('span', {
      text: T.calibration + colon + (C.thresholds_as_configured ? T.calibrationAsConfigured : (C.centered ? T.calibrationCentered + ', ' : '')) +
        T.calibrationNull + ' p99 ' + C.null.p99 + ' (' + nf.format(C.null.messages) + ' msgs, ' + T['calibrationSource_' + C.source] + ') ; ' + th,
    }));
  }
  $('dryrun').textContent = T.dryRun;

  // Summary cards.
  var share = S.messages ? (S.moderation.messages_acted_on / S.messages * 100) : 0;
  var cards = [
    [nf.format(S.messages), T.cardMessages],
    [duration(S.chat.duration_minutes), T.cardDuration],
    [nf.format(S.moderation.messages_acted_on) + ' (' + share.toLocaleString(DATA.lang, { maximumFractionDigits: 2 }) + ' %)', T.cardModeration],
    [nf.format(S.faq.answers), T.cardFaq],
    [nf.format(S.topics.snapshots), T.cardTopics],
    [nf.format(S.skipped.unparseable), T.cardSkipped],
    [nf.format(S.msgs_per_s), T.cardSpeed],
    [nf.format(S.peak_rss_mb), T.cardRss]
  ];
  cards.forEach(function (c) { $('cards').appendChild(el('div', { cls: 'card' }, [el('b', { text: c[0] }), el('span', { text: c[1] })])); });
  if (S.synthetic_users) {
    var su = S.synthetic_users;
    var pct = function (x) { return (x * 100).toLocaleString(DATA.lang, { maximumFractionDigits: 1 }); };
    var st = T.synthetic.replace('{messages}', nf.format(su.messages)).replace('{users}', nf.format(su.users)).replace('{top}', pct(su.top_user_share)).replace('{subs}', pct(su.subscriber_share)).replace('{seed}', String(su.seed));
    $('notes').appendChild(el('p', { cls: 'note' }, [el('b', { text: T.syntheticTitle + (DATA.lang === 'fr' ? ' : ' : ': ') }), st]));
  }
  if (S.skipped.first.length) {
    var ul = el('ul');
    S.skipped.first.forEach(function (e) { ul.appendChild(el('li', { text: T.line + ' ' + e.line + colon + e.reason })); });
    $('notes').appendChild(el('div', { cls: 'note' }, [el('b', { text: T.skippedTitle + ' (' + S.skipped.unparseable + ')' }), ul]));
  }

  // Time ticks on round minutes (5, 15, 30 min or 1 h apart depending on the span).
  var span = Math.max(1, DATA.activity.counts.length * DATA.activity.bucketMs);
  var step = [5, 10, 15, 30, 60, 120, 240, 480].map(function (m) { return m * 60000; }).filter(function (s) { return span / s <= 14; })[0] || 86400000;
  var spanStart = DATA.activity.start;
  var spanEnd = DATA.activity.start + span;
  DATA.topics.snapshots.forEach(function (x) { if (x.time > spanEnd) spanEnd = x.time; });
  var axisMin = Math.floor(spanStart / step) * step;
  var axisMax = Math.max(axisMin + step, Math.ceil(spanEnd / step) * step);
  var timeAxis = { type: 'linear', min: axisMin, max: axisMax, ticks: { callback: function (v) { return hm(v); }, stepSize: step, maxTicksLimit: 16 }, grid: { color: '#eee' } };

  // Activity.
  var act = DATA.activity;
  new Chart($('activity'), {
    type: 'line',
    data: { datasets: [{ label: T.activitySeries, data: act.counts.map(function (c, i) { return { x: act.start + i * act.bucketMs, y: c }; }), borderColor: '#9146ff', backgroundColor: 'rgba(145,70,255,.15)', fill: true, pointRadius: act.counts.length < 30 ? 3 : 0, borderWidth: 1.5, tension: 0.2 }] },
    options: { responsive: true, maintainAspectRatio: false, parsing: false, plugins: { legend: { display: false }, tooltip: { callbacks: { title: function (it) { return hm(it[0].parsed.x); } } } }, scales: { x: timeAxis, y: { beginAtZero: true, grid: { color: '#eee' } } } }
  });

  // Topic tracks: the most present topics along the stream, one row each.
  var snaps = DATA.topics.snapshots;
  var byKey = {};
  snaps.forEach(function (s) {
    s.clusters.forEach(function (c) {
      var k = byKey[c.key] || (byKey[c.key] = { key: c.key, total: 0, best: c, points: [] });
      k.total += c.size;
      if (c.size >= k.best.size) k.best = c;
      k.points.push({ x: s.time, c: c });
    });
  });
  var tracks = Object.keys(byKey).map(function (k) { return byKey[k]; }).sort(function (a, b) { return b.total - a.total; }).slice(0, 14);
  if (tracks.length === 0) {
    $('timeline-wrap').replaceWith(el('p', { cls: 'empty', text: T.noTopics }));
  } else {
    var maxSize = 1;
    tracks.forEach(function (t) { t.points.forEach(function (p) { if (p.c.size > maxSize) maxSize = p.c.size; }); });
    var datasets = tracks.map(function (t, i) {
      return {
        label: label(t.best.keywords),
        data: t.points.map(function (p) { return { x: p.x, y: i, r: 3 + (narrow ? 7 : 14) * Math.sqrt(p.c.size / maxSize), c: p.c }; }),
        backgroundColor: alpha(colorOf(i), 0.55), borderColor: colorOf(i), borderWidth: 1,
        radius: function (c) { return c.raw && c.raw.r ? c.raw.r : 3; }
      };
    });
    $('timeline-wrap').style.height = Math.max(260, 60 + tracks.length * 34) + 'px';
    new Chart($('timeline'), {
      type: 'bubble',
      data: { datasets: datasets },
      options: {
        responsive: true, maintainAspectRatio: false, parsing: false,
        plugins: {
          legend: { display: false },
          tooltip: { callbacks: {
            title: function (it) { return hm(it[0].raw.x) + ' — ' + label(it[0].raw.c.keywords); },
            label: function (it) { var c = it.raw.c; return [c.size + ' ' + T.messages + ' · ' + typeName(c.type), '« ' + clip(c.representative.text, 90) + ' »']; }
          } }
        },
        scales: {
          x: timeAxis,
          y: { type: 'linear', reverse: true, min: -0.7, max: tracks.length - 0.3, afterBuildTicks: function (ax) { ax.ticks = tracks.map(function (_, i) { return { value: i }; }); },
               ticks: { autoSkip: false, callback: function (v) { var t = tracks[v]; if (!t) return ''; var l = label(t.best.keywords); return l.length <= 4 ? l + ' (' + typeName(t.best.type) + ')' : clip(l, narrow ? 16 : 34); } }, grid: { color: '#f2f2f2' } }
        }
      }
    });
  }

  // Top topics of a window.
  var horizon = DATA.topics.horizonMinutes * 60000;
  var t0 = snaps.length ? snaps[0].time - horizon : act.start;
  var t1 = snaps.length ? snaps[snaps.length - 1].time : act.start + act.counts.length * act.bucketMs;
  var lengths = [10, 30, 60, 0];
  lengths.forEach(function (m) { $('win-length').appendChild(el('option', { value: String(m), text: m ? m + ' ' + T.minutes : T.wholeStream })); });
  $('win-length').value = '30';
  function messagesIn(start, end) {
    var n = 0;
    act.counts.forEach(function (c, i) { var t = act.start + i * act.bucketMs; if (t >= start && t < end) n += c; });
    return n;
  }
  // Starts every 5 minutes from the chat's start until a window reaches its end, each with its
  // message count; the busiest window is selected (on load and when the length changes).
  function fillStarts() {
    var len = Number($('win-length').value) * 60000;
    var sel = $('win-start');
    sel.textContent = '';
    var step = 5 * 60000;
    var first = Math.floor(Math.max(t0, act.start) / step) * step;
    if (!len) { sel.appendChild(el('option', { value: String(first), text: hm(first) })); sel.disabled = true; return; }
    sel.disabled = false;
    var best = first, bestCount = -1;
    for (var t = first; t < t1 || t === first; t += step) {
      var n = messagesIn(t, t + len);
      if (n > bestCount) { best = t; bestCount = n; }
      sel.appendChild(el('option', { value: String(t), text: hm(t) + ' → ' + hm(t + len) + ' · ' + nf.format(n) + ' ' + T.messages }));
      if (t + len >= t1) break;
    }
    sel.value = String(best);
  }
  function windowTopics(start, len) {
    var end = len ? start + len : Infinity;
    var inWin = snaps.filter(function (s) { return s.time > start && s.time <= end; });
    if (!len) inWin = snaps.slice();
    // Snapshots one horizon apart cover disjoint stretches of chat: add their sizes.
    var picked = [];
    for (var i = inWin.length - 1; i >= 0; i--) {
      if (!picked.length || picked[picked.length - 1].time - inWin[i].time >= horizon) picked.push(inWin[i]);
    }
    if (!picked.length) {
      var after = snaps.filter(function (s) { return s.time > start; })[0];
      if (after) picked.push(after);
    }
    var agg = {};
    picked.forEach(function (s) {
      s.clusters.forEach(function (c) {
        var a = agg[c.key] || (agg[c.key] = { size: 0, best: c });
        a.size += c.size;
        if (c.size >= a.best.size) a.best = c;
      });
    });
    return Object.keys(agg).map(function (k) { return agg[k]; }).sort(function (a, b) { return b.size - a.size; }).slice(0, 8);
  }
  var windowChart = new Chart($('window'), {
    type: 'bar',
    data: { labels: [], datasets: [{ data: [], backgroundColor: [], borderRadius: 4 }] },
    options: {
      indexAxis: 'y', responsive: true, maintainAspectRatio: false,
      plugins: { legend: { display: false }, tooltip: { callbacks: { label: function (it) { return it.raw + ' ' + T.messages; } } } },
      scales: { x: { beginAtZero: true, title: { display: true, text: T.messages }, grid: { color: '#eee' } }, y: { ticks: { autoSkip: false, font: { size: 12 } }, grid: { display: false } } }
    }
  });
  function drawWindow() {
    var top = windowTopics(Number($('win-start').value), Number($('win-length').value) * 60000);
    windowChart.data.labels = top.map(function (a) { return [clip(label(a.best.keywords), narrow ? 10 : 60) + ' (' + typeName(a.best.type) + ')', '« ' + clip(a.best.representative.text, narrow ? 18 : 70) + ' »']; });
    windowChart.data.datasets[0].data = top.map(function (a) { return a.size; });
    windowChart.data.datasets[0].backgroundColor = top.map(function (_, i) { return alpha(colorOf(i), 0.75); });
    windowChart.update();
    $('window-empty').hidden = top.length > 0;
    $('window').parentNode.style.display = top.length > 0 ? '' : 'none';
  }
  $('win-length').addEventListener('change', function () { fillStarts(); drawWindow(); });
  $('win-start').addEventListener('change', drawWindow);
  fillStarts();
  drawWindow();

  // !topic answers.
  if (DATA.topics.answers.length === 0) $('answers').appendChild(el('li', { cls: 'empty', text: T.noTopics }));
  DATA.topics.answers.forEach(function (a) { $('answers').appendChild(el('li', {}, [el('time', { text: hm(a.time) }), el('span', { text: a.text })])); });

  // Moderation.
  var mod = DATA.moderation;
  var MT = DATA.moderationTimes || { filters: [], points: [] };
  var filters = MT.filters.slice();
  mod.forEach(function (m) { if (filters.indexOf(m.filter) < 0) filters.push(m.filter); });
  filters.sort();
  filters.forEach(function (f, i) { FILTER_COLORS[f] = colorOf(i + 3); });
  var BUCKET = 5 * 60000;
  var modStart = Math.floor(act.start / BUCKET) * BUCKET;
  var modSel = { filter: '', bucket: null };
  if (mod.length === 0 && MT.points.length === 0) {
    $('moderation-wrap').replaceWith(el('p', { cls: 'empty', text: T.moderationNone }));
  } else {
    var nb = Math.max(1, Math.ceil(((act.start + act.counts.length * act.bucketMs) - modStart) / BUCKET));
    var labels = [];
    for (var b = 0; b < nb; b++) labels.push(hm(modStart + b * BUCKET));
    var modChart = new Chart($('moderation'), {
      type: 'bar',
      data: { labels: labels, datasets: filters.map(function (f) {
        var counts = new Array(nb).fill(0);
        var fi = MT.filters.indexOf(f);
        MT.points.forEach(function (p) { if (p[1] === fi) { var i = Math.floor((p[0] - modStart) / BUCKET); if (i >= 0 && i < nb) counts[i]++; } });
        return { label: f, data: counts, backgroundColor: FILTER_COLORS[f], stack: 'm' };
      }) },
      options: {
        responsive: true, maintainAspectRatio: false,
        scales: { x: { stacked: true, ticks: { maxTicksLimit: 14 }, grid: { display: false } }, y: { stacked: true, beginAtZero: true, ticks: { precision: 0 } } },
        onClick: function (evt, els) {
          if (!els.length) { modSel.bucket = null; renderModTable(); return; }
          modSel.bucket = els[0].index; modSel.filter = filters[els[0].datasetIndex]; $('mod-filter').value = modSel.filter; renderModTable();
        }
      }
    });
    $('mod-filter').appendChild(el('option', { value: '', text: T.all }));
    filters.forEach(function (f) { $('mod-filter').appendChild(el('option', { value: f, text: f + ' (' + mod.filter(function (m) { return m.filter === f; }).length + ')' })); });
    $('mod-filter').addEventListener('change', function () { modSel.filter = $('mod-filter').value; modSel.bucket = null; renderModTable(); });
    renderModTable();
  }
  function renderModTable() {
    var body = $('mod-rows');
    body.textContent = '';
    var rows = mod.filter(function (m) {
      if (modSel.filter && m.filter !== modSel.filter) return false;
      if (modSel.bucket !== null) { var i = Math.floor((Date.parse(m.time) - modStart) / BUCKET); if (i !== modSel.bucket) return false; }
      return true;
    });
    rows.slice(0, 500).forEach(function (m) {
      var ev = el('div', { cls: 'evidence' });
      m.evidence_texts.forEach(function (e) { ev.appendChild(el('div', {}, [el('span', { cls: 'ln', text: '#' + e.line }), ' ', clip(e.text, 120)])); });
      if (m.evidence_other.length) ev.appendChild(el('div', { cls: 'muted', text: m.evidence_other.join(', ') }));
      var act = (T.actions[m.action] || m.action) + (m.duration ? ' ' + m.duration + ' s' : '');
      body.appendChild(el('tr', {}, [
        el('td', { text: when(m.time) }), el('td', { cls: 'ln', text: m.line == null ? '' : '#' + m.line }), el('td', { text: m.user || '' }),
        el('td', {}, [el('span', { cls: 'chip', style: 'background:' + (FILTER_COLORS[m.filter] || '#888'), text: m.filter })]),
        el('td', { text: act }), el('td', { cls: 'num', text: Number(m.score).toFixed(2) }),
        el('td', { cls: 'msg', text: clip(m.text, 300) }), el('td', {}, [ev])
      ]));
    });
    $('mod-count').textContent = Math.min(rows.length, 500) + ' ' + T.shown + ' ' + T.of + ' ' + rows.length;
  }

  // FAQ.
  var faq = DATA.faq;
  if (faq.length === 0) {
    $('faq-wrap').replaceWith(el('p', { cls: 'empty', text: T.faqNone }));
  } else {
    // One line per entry (how often, what it answers), most used first; then every answer.
    var byEntry = {};
    faq.forEach(function (f) { (byEntry[f.entry] || (byEntry[f.entry] = { n: 0, answer: f.answer })).n++; });
    Object.keys(byEntry).sort(function (a, b) { return byEntry[b].n - byEntry[a].n; }).forEach(function (k) {
      $('faq-entries').appendChild(el('li', {}, [el('b', { text: '× ' + nf.format(byEntry[k].n) }), el('span', { cls: 'chip', style: 'background:#2f80ed', text: k }), el('span', { cls: 'muted', text: clip(byEntry[k].answer, 160) })]));
    });
    faq.forEach(function (f) {
      $('faq-rows').appendChild(el('tr', {}, [el('td', { text: when(f.time) }), el('td', { cls: 'ln', text: f.line == null ? '' : '#' + f.line }), el('td', { text: f.user || '' }),
        el('td', { cls: 'msg', text: clip(f.text, 200) }), el('td', {}, [el('span', { cls: 'chip', style: 'background:#2f80ed', text: f.entry })]),
        el('td', { cls: 'num', text: Number(f.score).toFixed(2) }), el('td', { cls: 'msg', text: clip(f.answer, 200) })]));
    });
  }

  // Commands.
  var cmds = DATA.commands;
  if (cmds.length === 0) $('commands-section').hidden = true;
  cmds.forEach(function (c) {
    $('cmd-rows').appendChild(el('tr', {}, [el('td', { text: when(c.time) }), el('td', { cls: 'ln', text: c.line == null ? '' : '#' + c.line }), el('td', { text: c.user || '' }),
      el('td', { text: '!' + c.command }), el('td', { cls: 'msg', text: clip(c.response == null ? '—' : c.response, 300) })]));
  });
  document.body.setAttribute('data-ready', '1');
})();
`;
