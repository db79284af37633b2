// Timers page: the channel's timed messages (same store as !timer), with what their last check did.
const OUTCOMES = {
  posted: 'posted',
  offline: 'waiting: stream offline',
  topic: 'waiting: chat is on this subject',
  quiet: 'waiting: chat too quiet',
  'not-due': 'not due yet',
};

export default function render(el, { html, render, useState, useEffect, api, channel }) {
  function Timers() {
    const [list, setList] = useState(null);
    const [error, setError] = useState('');
    const empty = { name: '', intervalMinutes: '15', minMessages: '10', text: '' };
    const [draft, setDraft] = useState(empty);
    const load = () =>
      api('GET', '').then(
        (d) => setList(d.timers),
        (e) => setError(e.message),
      );
    useEffect(() => void load(), [channel]);
    const call = (p) =>
      p.then(
        () => (setError(''), load()),
        (e) => setError(e.message),
      );
    const set = (k) => (e) => setDraft({ ...draft, [k]: e.target.value });
    const add = (e) => {
      e.preventDefault();
      call(api('POST', '', draft).then(() => setDraft(empty)));
    };
    if (!list) return html`<div class="card">${error || 'Loading…'}</div>`;
    return html`<div class="card timers">
      <h3>Timers of #${channel}</h3>
      <p class="hint">
        A timer posts every N minutes, only after M chat messages since its last post, only while live, and waits while chat is on its subject.
      </p>
      ${error && html`<p class="error">${error}</p>`}
      <div class="table-wrap">
        <table>
          <thead>
            <tr>
              <th>Timer</th>
              <th>Text</th>
              <th>Every</th>
              <th>After</th>
              <th>Last check</th>
              <th></th>
            </tr>
          </thead>
          <tbody>
            ${list.map(
              (t) =>
                html`<tr data-timer=${t.name}>
                  <td>${t.name}${t.enabled ? '' : ' (paused)'}</td>
                  <td>${t.text}</td>
                  <td>${t.intervalMinutes} min</td>
                  <td>${t.minMessages} messages</td>
                  <td>${t.lastCheck ? (OUTCOMES[t.lastCheck.kind] ?? t.lastCheck.kind) : '–'}</td>
                  <td>
                    <button onClick=${() => call(api('PUT', encodeURIComponent(t.name), { enabled: !t.enabled }))}>${t.enabled ? 'Pause' : 'Resume'}</button>
                    <button class="delete" onClick=${() => call(api('DELETE', encodeURIComponent(t.name)))}>Delete</button>
                  </td>
                </tr>`,
            )}
          </tbody>
        </table>
      </div>
      <form class="row new-timer" onSubmit=${add}>
        <input class="timer-name" placeholder="name" value=${draft.name} onInput=${set('name')} />
        <input type="number" min="1" max="1440" title="minutes" value=${draft.intervalMinutes} onInput=${set('intervalMinutes')} />
        <input type="number" min="0" title="chat messages since the last post" value=${draft.minMessages} onInput=${set('minMessages')} />
        <input class="timer-text" placeholder="text" value=${draft.text} onInput=${set('text')} />
        <button>Add</button>
      </form>
    </div>`;
  }
  render(html`<${Timers} />`, el);
  return () => render(null, el);
}
