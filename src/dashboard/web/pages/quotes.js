// Quotes page: the channel's quotes (same store as !quote).
export default function render(el, { html, render, useState, useEffect, api, channel }) {
  function Quotes() {
    const [list, setList] = useState(null);
    const [error, setError] = useState('');
    const [text, setText] = useState('');
    const [filter, setFilter] = useState('');
    const load = () =>
      api('GET', '').then(
        (d) => setList(d.quotes),
        (e) => setError(e.message),
      );
    useEffect(() => void load(), [channel]);
    const call = (p) =>
      p.then(
        () => (setError(''), load()),
        (e) => setError(e.message),
      );
    const add = (e) => {
      e.preventDefault();
      call(api('POST', '', { text }).then(() => setText('')));
    };
    if (!list) return html`<div class="card">${error || 'Loading…'}</div>`;
    const shown = list.filter((q) => !filter || q.text.toLowerCase().includes(filter.toLowerCase()));
    return html`<div class="card quotes">
      <h3>Quotes of #${channel}</h3>
      ${error && html`<p class="error">${error}</p>`}
      <input class="quote-filter" placeholder="filter" value=${filter} onInput=${(e) => setFilter(e.target.value)} />
      <div class="table-wrap">
        <table>
          <thead>
            <tr>
              <th>#</th>
              <th>Quote</th>
              <th>Category</th>
              <th>Added by</th>
              <th>Date</th>
              <th></th>
            </tr>
          </thead>
          <tbody>
            ${shown.map(
              (q) =>
                html`<tr data-quote=${q.number}>
                  <td>${q.number}</td>
                  <td>${q.text}</td>
                  <td>${q.game ?? ''}</td>
                  <td>${q.addedBy}</td>
                  <td>${new Date(q.createdAt).toISOString().slice(0, 10)}</td>
                  <td><button class="delete" onClick=${() => call(api('DELETE', String(q.number)))}>Delete</button></td>
                </tr>`,
            )}
          </tbody>
        </table>
      </div>
      <form class="row new-quote" onSubmit=${add}>
        <input class="quote-text" placeholder="quote" value=${text} onInput=${(e) => setText(e.target.value)} />
        <button>Add</button>
      </form>
    </div>`;
  }
  render(html`<${Quotes} />`, el);
  return () => render(null, el);
}
