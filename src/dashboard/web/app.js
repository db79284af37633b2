// The moderators' dashboard: Preact + htm (one vendored ES module, no build step).
import { html, render, useState, useEffect, useRef, useCallback } from '/vendor/preact-htm.js';

let session = null;

/** Calls a page API of the current channel; throws an Error with the server's message. */
async function api(channel, method, path, body) {
  const res = await fetch(`/api/c/${encodeURIComponent(channel)}/${path}`, {
    method,
    headers: body === undefined ? { 'x-csrf-token': session.csrf } : { 'content-type': 'application/json', 'x-csrf-token': session.csrf },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const data = await res.json().catch(() => ({}));
  if (!res.ok) {
    const err = new Error(data.error || `HTTP ${res.status}`);
    err.details = data.details;
    throw err;
  }
  return data;
}

const time = (ms) => new Date(ms).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', second: '2-digit' });
const dateTime = (ms) => new Date(ms).toLocaleString();

function useAsync(fn, deps) {
  const [state, setState] = useState({ loading: true });
  const reload = useCallback(() => {
    fn().then(
      (data) => setState({ data }),
      (error) => setState({ error }),
    );
  }, deps);
  useEffect(reload, [reload]);
  return [state, reload];
}

function ErrorNote({ error }) {
  return error ? html`<p class="error" role="alert">${error.message}</p>` : null;
}

// --- Live ---

function actionText(d) {
  const what = d.action === 'timeout' ? `timeout ${d.duration ?? ''} s` : d.action === 'none' ? 'log only' : d.action;
  if (d.enforced) return d.helixOk === false ? `${what}: FAILED` : `${what}: done`;
  return d.action === 'none' ? what : `would ${what} (dry-run)`;
}

function Decision({ d, channel, onError }) {
  const [busy, setBusy] = useState(false);
  const act = async (what) => {
    setBusy(true);
    try {
      await api(channel, 'POST', `live/${what}/${d.logId}`);
    } catch (e) {
      onError(e);
    } finally {
      setBusy(false);
    }
  };
  if (d.kind === 'faq')
    return html`<div class="decision faq">
      FAQ answer <b>${d.entry}</b> <span class="score">${d.score}</span>
      <div class="muted">${d.answer}</div>
    </div>`;
  if (d.kind === 'command')
    return html`<div class="decision command">command <b>!${d.command}</b>${d.response ? html`<div class="muted">${d.response}</div>` : null}</div>`;
  const lifted = (d.followUp || '').startsWith('lifted');
  return html`<div class=${`decision mod ${d.enforced ? 'enforced' : 'dry'}`} data-filter=${d.filter}>
    <span class="filter">${d.filter}</span>
    <span class="score" title="similarity or rule score">score ${d.score}</span>
    <span class="action">${actionText(d)}</span>
    ${d.followUp ? html`<span class="follow">${d.followUp}</span>` : null}
    <div class="reason muted">${d.reason}</div>
    ${
      d.evidence && d.evidence.length
        ? html`<ul class="evidence">
            ${d.evidence.map((e) => html`<li><span class="muted">evidence</span> ${e.text || e.id}</li>`)}
          </ul>`
        : null
    }
    <div class="buttons">
      ${!d.enforced && d.action !== 'none' && d.logId ? html`<button class="enforce" disabled=${busy} onClick=${() => act('enforce')}>Enforce</button>` : null}
      ${
        d.enforced && (d.action === 'timeout' || d.action === 'ban') && !lifted && d.logId
          ? html`<button class="undo" disabled=${busy} onClick=${() => act('undo')}>Undo ${d.action}</button>`
          : null
      }
      ${d.enforced && d.action === 'delete' ? html`<span class="muted small">delete is final</span>` : null}
    </div>
  </div>`;
}

function Message({ m, channel, onError, onTaught }) {
  const teach = async (verdict) => {
    try {
      await api(channel, 'POST', 'live/teach', { verdict, text: m.text, messageId: m.id });
      onTaught(`${verdict === 'spam' ? 'Added to the blocklist' : 'Added to the allowlist'}: “${m.text}”`);
    } catch (e) {
      onError(e);
    }
  };
  return html`<li class=${`msg ${m.decisions.length ? 'has-decision' : ''}`} data-msg-id=${m.id}>
    <div class="line">
      <span class="time">${time(m.time)}</span>
      <span class=${`user ${m.roles.join(' ')}`}>${m.displayName || m.login}</span>
      <span class="text">${m.text}</span>
      <span class="teach">
        <button class="teach-spam small" title="This is spam: add to the blocklist" onClick=${() => teach('spam')}>spam</button>
        <button class="teach-fine small" title="This is fine: add to the allowlist" onClick=${() => teach('fine')}>fine</button>
      </span>
    </div>
    ${m.decisions.map((d) => html`<${Decision} d=${d} channel=${channel} message=${m} onError=${onError} />`)}
  </li>`;
}

function Live({ channel }) {
  const [messages, setMessages] = useState([]);
  const [online, setOnline] = useState(false);
  const [onlyDecisions, setOnlyDecisions] = useState(false);
  const [filter, setFilter] = useState('');
  const [note, setNote] = useState(null);
  const [error, setError] = useState(null);
  const list = useRef(null);
  useEffect(() => {
    let ws;
    let closed = false;
    let retry;
    const connect = () => {
      ws = new WebSocket(`${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/ws?channel=${encodeURIComponent(channel)}`);
      ws.onopen = () => setOnline(true);
      ws.onclose = () => {
        setOnline(false);
        if (!closed) retry = setTimeout(connect, 2000);
      };
      ws.onmessage = (ev) => {
        const data = JSON.parse(ev.data);
        if (data.type === 'backlog') setMessages(data.messages);
        else if (data.type === 'message') {
          setMessages((old) => {
            const i = old.findIndex((x) => x.id === data.message.id);
            if (i >= 0) return [...old.slice(0, i), data.message, ...old.slice(i + 1)];
            return [...old, data.message].slice(-300);
          });
        }
      };
    };
    connect();
    return () => {
      closed = true;
      clearTimeout(retry);
      ws.close();
    };
  }, [channel]);
  useEffect(() => {
    const el = list.current;
    if (el && el.scrollHeight - el.scrollTop - el.clientHeight < 200) el.scrollTop = el.scrollHeight;
  }, [messages]);
  const filters = [...new Set(messages.flatMap((m) => m.decisions.map((d) => d.filter || d.kind)))].sort();
  const shown = messages.filter((m) => (!onlyDecisions || m.decisions.length) && (!filter || m.decisions.some((d) => (d.filter || d.kind) === filter)));
  return html`<section class="live">
    <div class="toolbar">
      <span class=${`status ${online ? 'online' : 'offline'}`}>${online ? 'live' : 'reconnecting…'}</span>
      <label><input type="checkbox" checked=${onlyDecisions} onChange=${(e) => setOnlyDecisions(e.target.checked)} /> only messages with a decision</label>
      <label
        >filter
        <select class="live-filter" onChange=${(e) => setFilter(e.target.value)}>
          <option value="">all</option>
          ${filters.map((f) => html`<option selected=${f === filter}>${f}</option>`)}
        </select></label
      >
    </div>
    <${ErrorNote} error=${error} />
    ${note ? html`<p class="note">${note}</p>` : null}
    <ul class="chat" ref=${list}>
      ${shown.length === 0 ? html`<li class="muted pad">No messages yet.</li>` : null}
      ${shown.map((m) => html`<${Message} key=${m.id} m=${m} channel=${channel} onError=${setError} onTaught=${setNote} />`)}
    </ul>
  </section>`;
}

// --- Moderation log ---

function Log({ channel }) {
  const [filters, setFilters] = useState({ user: '', filter: '', action: '', actor: '', since: '', until: '' });
  const query = () => {
    const q = new URLSearchParams();
    for (const [k, v] of Object.entries(filters)) if (v) q.set(k, k === 'since' || k === 'until' ? String(new Date(v).getTime()) : v);
    return q.toString();
  };
  const [state, reload] = useAsync(() => api(channel, 'GET', `log?${query()}`), [channel, filters]);
  const field = (name, label, type = 'text') =>
    html`<label
      >${label}<input type=${type} name=${name} value=${filters[name]} onChange=${(e) => setFilters({ ...filters, [name]: e.target.value })}
    /></label>`;
  return html`<section class="log">
    <form class="filters" onSubmit=${(e) => (e.preventDefault(), reload())}>
      ${field('user', 'User')} ${field('filter', 'Filter')} ${field('action', 'Action')} ${field('actor', 'Who acted')}
      ${field('since', 'From', 'datetime-local')} ${field('until', 'To', 'datetime-local')}
      <a class="button" href=${`/api/c/${encodeURIComponent(channel)}/log?${query()}&format=csv`} download>Export CSV</a>
    </form>
    <${ErrorNote} error=${state.error} />
    <div class="table-wrap">
      <table>
        <thead>
          <tr>
            <th>Time</th>
            <th>Who</th>
            <th>User</th>
            <th>Filter</th>
            <th>Action</th>
            <th>Score</th>
            <th>Reason / evidence</th>
          </tr>
        </thead>
        <tbody>
          ${(state.data?.rows ?? []).map(
            (r) =>
              html`<tr class=${r.source}>
                <td>${dateTime(r.time)}</td>
                <td>${r.actor}</td>
                <td>${r.user ?? ''}</td>
                <td>${r.filter ?? ''}</td>
                <td>
                  ${r.action}${r.duration ? ` ${r.duration} s` : ''}${r.enforced === false ? ' (dry-run)' : ''}${r.helix && r.helix !== 'ok' ? ` — ${r.helix}` : ''}${r.lifted ? ' (lifted)' : ''}
                </td>
                <td>${r.score ?? ''}</td>
                <td>
                  ${r.text ? html`<div>“${r.text}”</div>` : null}
                  <div class="muted">${r.reason}</div>
                  ${r.evidence.map((e) => html`<div class="muted small">evidence: ${e.text}</div>`)}
                </td>
              </tr>`,
          )}
        </tbody>
      </table>
    </div>
    ${state.data && state.data.rows.length === 0 ? html`<p class="muted pad">Nothing matches.</p>` : null}
  </section>`;
}

// --- FAQ ---

function FaqEntry({ channel, e, reload, onError }) {
  const [answer, setAnswer] = useState(e.answer);
  const [example, setExample] = useState('');
  const call = (method, path, body) => api(channel, method, path, body).then(reload, onError);
  return html`<article class="card faq-entry" data-entry=${e.id}>
    <h3>${e.id}</h3>
    <textarea class="answer" rows="2" value=${answer} onInput=${(ev) => setAnswer(ev.target.value)}></textarea>
    <div class="buttons">
      <button class="save-answer" disabled=${answer === e.answer} onClick=${() => call('PUT', `faq/${encodeURIComponent(e.id)}`, { answer })}>
        Save answer
      </button>
      <button class="danger small" onClick=${() => confirm(`Delete ${e.id}?`) && call('DELETE', `faq/${encodeURIComponent(e.id)}`)}>Delete entry</button>
    </div>
    <ul class="examples">
      ${e.examples.map(
        (x) =>
          html`<li>
            ${x.text} <span class="muted small">added by ${x.addedBy}</span>
            <button class="small" title="Remove" onClick=${() => call('DELETE', `faq/${encodeURIComponent(e.id)}/examples`, { text: x.text })}>×</button>
          </li>`,
      )}
    </ul>
    <form
      class="row"
      onSubmit=${(ev) => (ev.preventDefault(), example.trim() && call('POST', `faq/${encodeURIComponent(e.id)}/examples`, { text: example }).then(() => setExample('')))}
    >
      <input class="new-example" placeholder="Add an example question" value=${example} onInput=${(ev) => setExample(ev.target.value)} />
      <button>Add</button>
    </form>
  </article>`;
}

function FaqTest({ channel, version }) {
  const [text, setText] = useState('');
  const [result, setResult] = useState(null);
  useEffect(() => {
    if (!text.trim()) return setResult(null);
    const t = setTimeout(() => api(channel, 'POST', 'faq/test', { text }).then(setResult, () => setResult(null)), 250);
    return () => clearTimeout(t);
  }, [text, channel, version]);
  return html`<div class="card faq-test">
    <h3>Test a question</h3>
    <input class="test-input" placeholder="Type a question as a viewer would" value=${text} onInput=${(e) => setText(e.target.value)} />
    ${
      result
        ? html`<p class="verdict">
              ${result.accepted ? html`Answered by <b>${result.accepted}</b>` : html`No answer (${result.reason ?? 'nothing close'})`}
              <span class="muted small"> threshold ${result.threshold}, margin ${result.margin}</span>
            </p>
            <ul class="scores">
              ${result.scores.map(
                (s) =>
                  html`<li class=${s.id === result.accepted ? 'accepted' : ''}>
                    <span class="bar" style=${`width:${Math.max(0, Math.min(100, s.score * 100))}%`}></span> <b>${s.id}</b> ${s.score}
                    <span class="muted small">(semantic ${s.semantic}, words ${s.lexical}; closest: ${s.example})</span>
                  </li>`,
              )}
            </ul>`
        : null
    }
  </div>`;
}

function Faq({ channel }) {
  const [state, reload] = useAsync(() => api(channel, 'GET', 'faq'), [channel]);
  const [error, setError] = useState(null);
  const [draft, setDraft] = useState({ id: '', answer: '' });
  const [version, setVersion] = useState(0);
  const refresh = () => (setError(null), setVersion((v) => v + 1), reload());
  return html`<section class="faq">
    <${FaqTest} channel=${channel} version=${version} />
    <${ErrorNote} error=${error || state.error} />
    ${(state.data?.entries ?? []).map((e) => html`<${FaqEntry} key=${e.id + e.answer + e.examples.length} channel=${channel} e=${e} reload=${refresh} onError=${setError} />`)}
    <form
      class="card new-entry"
      onSubmit=${(ev) => (ev.preventDefault(), api(channel, 'POST', 'faq', draft).then(() => (setDraft({ id: '', answer: '' }), refresh()), setError))}
    >
      <h3>New entry</h3>
      <input placeholder="id (e.g. music)" value=${draft.id} onInput=${(e) => setDraft({ ...draft, id: e.target.value })} />
      <textarea rows="2" placeholder="Answer" value=${draft.answer} onInput=${(e) => setDraft({ ...draft, answer: e.target.value })}></textarea>
      <button>Add entry</button>
    </form>
  </section>`;
}

// --- Lists ---

function Lists({ channel }) {
  const [state, reload] = useAsync(() => api(channel, 'GET', 'lists'), [channel]);
  const [error, setError] = useState(null);
  const [spam, setSpam] = useState('');
  const [fine, setFine] = useState('');
  const call = (method, path, body) => api(channel, method, path, body).then(() => (setError(null), reload()), setError);
  return html`<section class="lists">
    <${ErrorNote} error=${error || state.error} />
    <div class="card">
      <h3>Blocklist <span class="muted small">(examples of spam, matched by meaning)</span></h3>
      <form class="row" onSubmit=${(e) => (e.preventDefault(), call('POST', 'lists/blocklist', { text: spam }).then(() => setSpam('')))}>
        <input class="new-spam" placeholder="An example of spam" value=${spam} onInput=${(e) => setSpam(e.target.value)} /><button>Add</button>
      </form>
      <ul class="items blocklist">
        ${(state.data?.blocklist ?? []).map(
          (x) =>
            html`<li>
              #${x.id} ${x.text} <span class="muted small">${x.source === 'seed' ? 'built in' : `by ${x.addedBy}`}</span>
              <button class="small" onClick=${() => call('DELETE', `lists/blocklist/${x.id}`)}>×</button>
            </li>`,
        )}
      </ul>
    </div>
    <div class="card">
      <h3>Allowlist <span class="muted small">(channel culture: never a flood)</span></h3>
      <form class="row" onSubmit=${(e) => (e.preventDefault(), call('POST', 'lists/allowlist', { text: fine }).then(() => setFine('')))}>
        <input class="new-fine" placeholder="A phrase chat repeats on purpose" value=${fine} onInput=${(e) => setFine(e.target.value)} /><button>Add</button>
      </form>
      <ul class="items allowlist">
        ${(state.data?.allowlist ?? []).map(
          (p) => html`<li>${p} <button class="small" onClick=${() => call('DELETE', 'lists/allowlist', { text: p })}>×</button></li>`,
        )}
      </ul>
    </div>
  </section>`;
}

// --- Topics ---

const hue = (id) => (id * 137.508) % 360;

function River({ points }) {
  if (points.length === 0) return html`<p class="muted pad">No topics yet: the river fills as chat talks.</p>`;
  const W = 600;
  const H = 220;
  const t0 = points[0].time;
  const t1 = Math.max(points[points.length - 1].time, t0 + 1);
  const x = (t) => ((t - t0) / (t1 - t0)) * W;
  const maxTotal = Math.max(1, ...points.map((p) => p.topics.reduce((s, t) => s + t.weight, 0)));
  // Stacked areas: each topic is a band whose height is its weight at each sample, in a fixed order
  const ids = [...new Set(points.flatMap((p) => p.topics.map((t) => t.id)))].sort((a, b) => a - b);
  const labels = new Map(points.flatMap((p) => p.topics.map((t) => [t.id, t.label])));
  const base = points.map(() => 0);
  const bands = ids.map((id) => {
    const top = points.map((p, i) => base[i] + (p.topics.find((t) => t.id === id)?.weight ?? 0));
    const lower = points.map((p, i) => [x(p.time), H - (base[i] / maxTotal) * H]);
    const upper = points.map((p, i) => [x(p.time), H - (top[i] / maxTotal) * H]);
    top.forEach((v, i) => (base[i] = v));
    if (points.length === 1) {
      upper.push([W, upper[0][1]]);
      lower.push([W, lower[0][1]]);
    }
    const d = [...upper, ...lower.reverse()].map(([a, b], i) => `${i ? 'L' : 'M'}${a.toFixed(1)},${b.toFixed(1)}`).join(' ') + ' Z';
    return html`<path d=${d} fill=${`hsl(${hue(id)} 60% 55%)`} fill-opacity="0.85"><title>${labels.get(id)}</title></path>`;
  });
  const last = points[points.length - 1];
  return html`<svg class="river" viewBox=${`0 0 ${W} ${H}`} preserveAspectRatio="none" role="img" aria-label="Topics over the last hour">${bands}</svg>
    <div class="axis muted small"><span>${time(t0)}</span><span>${time(t1)}</span></div>
    <ul class="legend">
      ${last.topics.map((t) => html`<li><span class="swatch" style=${`background:hsl(${hue(t.id)} 60% 55%)`}></span>${t.label} <span class="muted small">${t.size} msgs, ${t.type}</span></li>`)}
    </ul>`;
}

function Topics({ channel }) {
  const [state, reload] = useAsync(() => api(channel, 'GET', 'topics'), [channel]);
  useEffect(() => {
    const t = setInterval(reload, 15_000);
    return () => clearInterval(t);
  }, [reload]);
  return html`<section class="topics">
    <${ErrorNote} error=${state.error} />
    <div class="card">
      <h3>!topic now</h3>
      <p class="topic-answer">${state.loading ? 'Loading…' : (state.data?.answer ?? 'Nothing yet: no message was read in this channel.')}</p>
    </div>
    <div class="card">
      <h3>Last hour</h3>
      <${River} points=${state.data?.river ?? []} />
    </div>
  </section>`;
}

// --- Settings ---

const ACTIONS = ['log', 'delete', 'warn', 'timeout', 'ban', 'escalate'];
const get = (o, path) => path.reduce((x, k) => (x == null ? undefined : x[k]), o);
function setPath(o, path, v) {
  let x = o;
  for (const k of path.slice(0, -1)) x = x[k] && typeof x[k] === 'object' ? x[k] : (x[k] = {});
  x[path[path.length - 1]] = v;
}
function deletePath(o, path) {
  const parents = [];
  let x = o;
  for (const k of path.slice(0, -1)) {
    if (!x || typeof x[k] !== 'object') return;
    parents.push([x, k]);
    x = x[k];
  }
  delete x[path[path.length - 1]];
  for (const [p, k] of parents.reverse()) if (Object.keys(p[k]).length === 0) delete p[k];
}

/** The fields the form shows: general ones, then each moderation filter's switch, action and level. */
function fieldsOf(config) {
  const f = [
    { path: ['prefix'], label: 'Command prefix', type: 'text' },
    { path: ['language'], label: 'Language', type: 'select', options: ['fr', 'en'] },
    { path: ['faq', 'enabled'], label: 'FAQ on', type: 'bool' },
    { path: ['faq', 'autoAnswer'], label: 'FAQ answers questions by itself', type: 'bool' },
    { path: ['faq', 'threshold'], label: 'FAQ threshold', type: 'number', step: 0.01 },
    { path: ['topics', 'enabled'], label: 'Topics on', type: 'bool' },
    { path: ['moderation', 'enabled'], label: 'Auto-moderation on', type: 'bool' },
  ];
  for (const [name, section] of Object.entries(config.moderation ?? {})) {
    if (!section || typeof section !== 'object' || !('enabled' in section)) continue;
    f.push({ path: ['moderation', name, 'enabled'], label: `${name}: on`, type: 'bool', group: name });
    if ('action' in section) f.push({ path: ['moderation', name, 'action'], label: `${name}: action`, type: 'select', options: ACTIONS, group: name });
    if (typeof section.threshold === 'number')
      f.push({ path: ['moderation', name, 'threshold'], label: `${name}: similarity threshold`, type: 'number', step: 0.01, group: name });
    if (typeof section.timeoutSeconds === 'number')
      f.push({ path: ['moderation', name, 'timeoutSeconds'], label: `${name}: timeout (s)`, type: 'number', step: 1, group: name });
    // Every other level of the filter (counts, windows, ratios...), folded
    for (const [key, v] of Object.entries(section)) {
      if (['enabled', 'action', 'threshold', 'timeoutSeconds'].includes(key)) continue;
      if (typeof v === 'number')
        f.push({ path: ['moderation', name, key], label: key, type: 'number', step: Number.isInteger(v) ? 1 : 0.01, group: name, more: true });
      else if (typeof v === 'boolean') f.push({ path: ['moderation', name, key], label: key, type: 'bool', group: name, more: true });
    }
  }
  return f.filter((x) => get(config, x.path) !== undefined);
}

function Settings({ channel }) {
  const [state, reload] = useAsync(() => api(channel, 'GET', 'settings'), [channel]);
  const [values, setValues] = useState(null);
  const [error, setError] = useState(null);
  const [saved, setSaved] = useState(null);
  useEffect(() => {
    if (state.data) setValues(JSON.parse(JSON.stringify(state.data.config)));
  }, [state.data]);
  if (state.error) return html`<${ErrorNote} error=${state.error} />`;
  if (!state.data || !values) return html`<p class="muted pad">Loading…</p>`;
  const { base, overrides, mode } = state.data;
  const fields = fieldsOf(values);
  const save = async (e) => {
    e.preventDefault();
    const next = JSON.parse(JSON.stringify(overrides));
    for (const f of fields) {
      const v = get(values, f.path);
      if (JSON.stringify(v) === JSON.stringify(get(base, f.path))) deletePath(next, f.path);
      else setPath(next, f.path, v);
    }
    try {
      await api(channel, 'PUT', 'settings', { overrides: next });
      setError(null);
      setSaved(`Saved at ${time(Date.now())}: applied from the next message.`);
      reload();
    } catch (err) {
      setError(err);
    }
  };
  const setMode = (m) => api(channel, 'POST', 'settings/mode', { mode: m }).then(() => (setError(null), reload()), setError);
  const input = (f) => {
    const v = get(values, f.path);
    const id = `set-${f.path.join('-')}`;
    const change = (nv) => {
      const copy = JSON.parse(JSON.stringify(values));
      setPath(copy, f.path, nv);
      setValues(copy);
      setSaved(null);
    };
    const changed = JSON.stringify(v) !== JSON.stringify(get(base, f.path));
    let control;
    if (f.type === 'bool') control = html`<input id=${id} type="checkbox" checked=${v} onChange=${(e) => change(e.target.checked)} />`;
    else if (f.type === 'select')
      control = html`<select id=${id} onChange=${(e) => change(e.target.value)}>
        ${f.options.map((o) => html`<option selected=${o === v}>${o}</option>`)}
      </select>`;
    else if (f.type === 'number')
      control = html`<input id=${id} type="number" step=${f.step} value=${v} onInput=${(e) => change(e.target.value === '' ? '' : Number(e.target.value))} />`;
    else control = html`<input id=${id} value=${v} onInput=${(e) => change(e.target.value)} />`;
    const label = f.group && f.label.startsWith(`${f.group}: `) ? f.label.slice(f.group.length + 2) : f.label;
    return html`<div class=${`field ${changed ? 'changed' : ''}`}><label for=${id}>${label}</label>${control}</div>`;
  };
  return html`<section class="settings">
    <div class="card">
      <h3>Auto-moderation mode</h3>
      <p>Now: <b class="mode-now">${mode === 'dry' ? 'dry-run (decides and logs, acts on nothing)' : 'enforce (acts)'}</b></p>
      <div class="buttons">
        <button class="mode-dry" disabled=${mode === 'dry'} onClick=${() => setMode('dry')}>Dry-run</button>
        <button class="mode-enforce" disabled=${mode === 'enforce'} onClick=${() => setMode('enforce')}>Enforce</button>
      </div>
    </div>
    <form class="card settings-form" onSubmit=${save}>
      <h3>Channel settings <span class="muted small">(checked like config/channels/${channel}.yaml; highlighted: changed from the file)</span></h3>
      <div class="fields">${fields.filter((f) => !f.group).map(input)}</div>
      <div class="filter-groups">
        ${[...new Set(fields.filter((f) => f.group).map((f) => f.group))].map(
          (g) =>
            html`<div class="filter-group" data-group=${g}>
              <h4>${g}</h4>
              ${fields.filter((f) => f.group === g && !f.more).map(input)}
              ${
                fields.some((f) => f.group === g && f.more)
                  ? html`<details>
                      <summary class="muted small">more levels</summary>
                      ${fields.filter((f) => f.group === g && f.more).map(input)}
                    </details>`
                  : null
              }
            </div>`,
        )}
      </div>
      <${ErrorNote} error=${error} />
      ${saved ? html`<p class="note saved">${saved}</p>` : null}
      <button class="save-settings">Save</button>
    </form>
  </section>`;
}

// --- Extension pages ---

function ExtensionPage({ page, channel }) {
  const el = useRef(null);
  useEffect(() => {
    let cleanup;
    import(page.script).then((mod) => {
      cleanup = mod.default(el.current, {
        html,
        render,
        useState,
        useEffect,
        channel,
        api: (method, path, body) => api(channel, method, `${page.id}/${path}`, body),
      });
    });
    return () => typeof cleanup === 'function' && cleanup();
  }, [page, channel]);
  return html`<section ref=${el}></section>`;
}

// --- Shell ---

const CORE = { live: Live, log: Log, faq: Faq, lists: Lists, topics: Topics, settings: Settings };

function Health() {
  const [h, setH] = useState(null);
  useEffect(() => {
    const load = () =>
      fetch('/healthz')
        .then((r) => r.json())
        .then(setH, () => setH(null));
    load();
    const t = setInterval(load, 15_000);
    return () => clearInterval(t);
  }, []);
  if (!h) return null;
  const bad = Object.entries(h.checks || {}).filter(([, c]) => c.status !== 'ok');
  return html`<span class=${`health ${h.status}`} title=${bad.map(([k, c]) => `${k}: ${c.detail}`).join('\n') || 'all checks ok'}>${h.status}</span>`;
}

function App() {
  const [tab, setTab] = useState(location.hash.slice(1) || 'live');
  const [channel, setChannel] = useState(
    localStorage.getItem('channel') && session.channels.includes(localStorage.getItem('channel')) ? localStorage.getItem('channel') : session.channels[0],
  );
  useEffect(() => {
    const on = () => setTab(location.hash.slice(1) || 'live');
    addEventListener('hashchange', on);
    return () => removeEventListener('hashchange', on);
  }, []);
  const page = session.pages.find((p) => p.id === tab) ?? session.pages[0];
  const Page = CORE[page.id];
  const logout = async () => {
    await fetch('/logout', { method: 'POST', headers: { 'x-csrf-token': session.csrf } });
    location.href = '/';
  };
  return html`<header class="topbar">
      <span class="brand"><span class="logo">◆</span> Bot dashboard</span>
      <select class="channel" value=${channel} onChange=${(e) => (localStorage.setItem('channel', e.target.value), setChannel(e.target.value))}>
        ${session.channels.map((c) => html`<option value=${c}>#${c}</option>`)}
      </select>
      <nav>${session.pages.map((p) => html`<a href=${`#${p.id}`} class=${p.id === page.id ? 'active' : ''} data-page=${p.id}>${p.title}</a>`)}</nav>
      <${Health} />
      <span class="who muted small">${session.login} <button class="small" onClick=${logout}>Sign out</button></span>
    </header>
    <main class=${`page page-${page.id}`}>
      ${Page ? html`<${Page} key=${channel} channel=${channel} />` : html`<${ExtensionPage} key=${page.id + channel} page=${page} channel=${channel} />`}
    </main>`;
}

fetch('/api/session')
  .then((r) => (r.ok ? r.json() : Promise.reject(new Error('signed out'))))
  .then((s) => {
    session = s;
    const root = document.getElementById('app');
    root.textContent = '';
    render(html`<${App} />`, root);
  })
  .catch(() => (location.href = '/'));
