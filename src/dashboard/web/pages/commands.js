// Custom commands page: the channel's !cmd commands (same store and checks as chat).
export default function render(el, { html, render, useState, useEffect, api, channel }) {
  function Commands() {
    const [data, setData] = useState(null);
    const [error, setError] = useState('');
    const empty = { name: '', response: '', permission: 'everyone', globalCooldownSeconds: '', userCooldownSeconds: '', aliases: '' };
    const [draft, setDraft] = useState(empty);
    const load = () => api('GET', '').then(setData, (e) => setError(e.message));
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
    const edit = (c) => {
      const response = prompt(`New response of ${data.prefix}${c.name}`, c.response);
      if (response !== null && response.trim() !== '') call(api('PUT', encodeURIComponent(c.name), { response }));
    };
    if (!data) return html`<div class="card">${error || 'Loading…'}</div>`;
    return html`<div class="card commands">
      <h3>Custom commands of #${channel}</h3>
      <p class="hint">
        Variables: \${user} \${touser} \${args} \${1} \${count} \${uptime} \${game} \${title} \${random a|b|c} \${random 1-100}. In chat: ${data.prefix}cmd
        add|edit|del|show|list.
      </p>
      ${error && html`<p class="error">${error}</p>`}
      <div class="table-wrap">
        <table>
          <thead>
            <tr>
              <th>Command</th>
              <th>Response</th>
              <th>Who</th>
              <th>Cooldown</th>
              <th>Aliases</th>
              <th>Uses</th>
              <th></th>
            </tr>
          </thead>
          <tbody>
            ${data.commands.map(
              (c) =>
                html`<tr data-command=${c.name}>
                  <td>${data.prefix}${c.name}</td>
                  <td>${c.response}</td>
                  <td>${c.permission}</td>
                  <td>${c.globalCooldownSeconds} s / ${c.userCooldownSeconds} s</td>
                  <td>${c.aliases.map((a) => data.prefix + a).join(' ')}</td>
                  <td>${c.uses}</td>
                  <td>
                    <button onClick=${() => edit(c)}>Edit</button>
                    <button class="delete" onClick=${() => call(api('DELETE', encodeURIComponent(c.name)))}>Delete</button>
                  </td>
                </tr>`,
            )}
          </tbody>
        </table>
      </div>
      <form class="row new-command" onSubmit=${add}>
        <input class="cmd-name" placeholder="name" value=${draft.name} onInput=${set('name')} />
        <input class="cmd-response" placeholder="response" value=${draft.response} onInput=${set('response')} />
        <select value=${draft.permission} onChange=${set('permission')}>
          ${data.levels.map((l) => html`<option value=${l}>${l}</option>`)}
        </select>
        <input type="number" min="0" placeholder="cooldown s" value=${draft.globalCooldownSeconds} onInput=${set('globalCooldownSeconds')} />
        <input type="number" min="0" placeholder="per user s" value=${draft.userCooldownSeconds} onInput=${set('userCooldownSeconds')} />
        <input placeholder="aliases" value=${draft.aliases} onInput=${set('aliases')} />
        <button>Add</button>
      </form>
    </div>`;
  }
  render(html`<${Commands} />`, el);
  return () => render(null, el);
}
