// Sandbox chat page: plain ES module, talks JSON to the sandbox over /sandbox/ws.
const $ = (id) => document.getElementById(id);
const els = {
  messages: $('messages'),
  jump: $('jump'),
  composer: $('composer'),
  name: $('name'),
  role: $('role'),
  text: $('text'),
  channel: $('channel'),
  status: $('status'),
  modes: $('modes'),
  actions: $('actions'),
  bg: $('background'),
  bgWrap: $('bg-wrap'),
  live: $('live'),
  replying: $('replying'),
  replyName: $('reply-name'),
  replyCancel: $('reply-cancel'),
  raid: $('raid'),
  raidFrom: $('raid-from'),
  raidViewers: $('raid-viewers'),
};
const MAX_ITEMS = 600;
const state = { ws: null, bot: null, current: null, channels: new Map(), replyTo: null, retry: 0, nonce: 0, mine: new Set() };

// --- persistence of who you are -------------------------------------------------------------
els.name.value = localStorage.getItem('sandbox.name') || 'viewer' + Math.floor(100 + Math.random() * 900);
els.role.value = localStorage.getItem('sandbox.role') || 'viewer';
els.name.addEventListener('change', () => localStorage.setItem('sandbox.name', els.name.value));
els.role.addEventListener('change', () => localStorage.setItem('sandbox.role', els.role.value));

// --- helpers --------------------------------------------------------------------------------
const el = (tag, cls, text) => {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text !== undefined) e.textContent = text;
  return e;
};
const hhmm = (t) => new Date(t).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
const duration = (s) =>
  s >= 86400 ? `${Math.round(s / 86400)} d` : s >= 3600 ? `${Math.round(s / 3600)} h` : s >= 60 ? `${Math.round(s / 60)} min` : `${s} s`;
const BADGES = {
  broadcaster: ['B', 'Broadcaster'],
  moderator: ['M', 'Moderator'],
  vip: ['V', 'VIP'],
  subscriber: ['S', 'Subscriber'],
  founder: ['F', 'Founder'],
};

function channelState(login) {
  let c = state.channels.get(login);
  if (!c) {
    c = { login, settings: null, items: [], byId: new Map() };
    state.channels.set(login, c);
    const opt = el('option', '', '#' + login);
    opt.value = login;
    els.channel.append(opt);
  }
  return c;
}

function nearBottom() {
  const m = els.messages;
  return m.scrollHeight - m.scrollTop - m.clientHeight < 60;
}
function scrollDown() {
  els.messages.scrollTop = els.messages.scrollHeight;
  els.jump.hidden = true;
}

// --- rendering ------------------------------------------------------------------------------
function renderBody(m) {
  const body = el('span', 'body');
  const chars = Array.from(m.text);
  let at = 0;
  for (const e of [...m.emotes].sort((a, b) => a.start - b.start)) {
    if (e.start > at) body.append(chars.slice(at, e.start).join(''));
    const em = el('span', 'emote', e.name);
    em.title = e.name;
    body.append(em);
    at = e.end + 1;
  }
  if (at < chars.length) body.append(chars.slice(at).join(''));
  return body;
}

function renderMessage(m) {
  const row = el('div', 'msg');
  row.dataset.id = m.id;
  row.dataset.login = m.login;
  if (m.isBot) row.classList.add('bot');
  if (m.firstMessage && !m.isBot) row.classList.add('first-msg');
  if (m.action) row.classList.add('action');
  if (state.mine.has(m.id)) row.classList.add('mine');
  if (m.reply) row.append(el('span', 'reply', `↪ Replying to @${m.reply.displayName}: ${m.reply.text}`));
  row.append(el('span', 'time', hhmm(m.time)));
  if (m.isBot) row.append(Object.assign(el('span', 'badge bot', 'BOT'), { title: 'The bot' }));
  for (const b of m.badges) {
    const [letter, title] = BADGES[b] || [b[0].toUpperCase(), b];
    row.append(Object.assign(el('span', 'badge ' + b, letter), { title }));
  }
  if (m.firstMessage && !m.isBot) row.append(Object.assign(el('span', 'badge first', '1st'), { title: 'First message in this channel' }));
  const name = el('span', 'name', m.displayName);
  name.style.color = m.color || '#a970ff';
  row.append(name, document.createTextNode(m.action ? ' ' : ': '), renderBody(m));
  if (m.deleted) markDeletedRow(row, m.deletedBy);
  row.addEventListener('click', () => startReply(m));
  return row;
}

function markDeletedRow(row, by) {
  if (row.classList.contains('deleted')) return;
  row.classList.add('deleted');
  row.append(el('span', 'deleted-note', by ? `deleted by ${by}` : 'deleted'));
}

function renderItem(item) {
  if (item.kind === 'msg') return renderMessage(item.m);
  const line = el('div', 'system ' + item.cls, item.text);
  return line;
}

function push(channel, item) {
  const c = channelState(channel);
  c.items.push(item);
  if (item.kind === 'msg') c.byId.set(item.m.id, item.m);
  if (c.items.length > MAX_ITEMS) {
    const gone = c.items.splice(0, c.items.length - MAX_ITEMS);
    for (const g of gone) if (g.kind === 'msg') c.byId.delete(g.m.id);
  }
  if (channel !== state.current) return;
  const stick = nearBottom();
  els.messages.append(renderItem(item));
  while (els.messages.childElementCount > MAX_ITEMS) els.messages.firstElementChild.remove();
  if (stick) scrollDown();
  else els.jump.hidden = false;
}

function system(channel, cls, text) {
  push(channel, { kind: 'sys', cls, text });
}

function rerender() {
  els.messages.textContent = '';
  const c = state.channels.get(state.current);
  if (!c) return;
  for (const item of c.items) els.messages.append(renderItem(item));
  renderModes();
  scrollDown();
}

function renderModes() {
  els.modes.textContent = '';
  const s = state.channels.get(state.current)?.settings;
  if (!s) return;
  const add = (on, text) => on && els.modes.append(el('span', 'mode', text));
  add(s.emoteOnly, 'Emote-only');
  add(s.subscriberOnly, 'Subscribers-only');
  add(s.slow, `Slow ${s.slowDelaySeconds} s`);
  add(s.followerOnly, s.followerOnlyDelayMinutes ? `Followers-only ${s.followerOnlyDelayMinutes} min` : 'Followers-only');
  add(s.uniqueChat, 'Unique chat');
  add(s.nonModeratorChatDelay, `Chat delay ${s.nonModeratorChatDelaySeconds} s`);
}

function describeSettings(changed, s) {
  const parts = [];
  if ('emoteOnly' in changed) parts.push(`emote-only ${changed.emoteOnly ? 'on' : 'off'}`);
  if ('subscriberOnly' in changed) parts.push(`subscribers-only ${changed.subscriberOnly ? 'on' : 'off'}`);
  if ('slow' in changed || 'slowDelaySeconds' in changed) parts.push(s.slow ? `slow mode on (${s.slowDelaySeconds} s)` : 'slow mode off');
  if ('followerOnly' in changed || 'followerOnlyDelayMinutes' in changed)
    parts.push(s.followerOnly ? `followers-only on (${s.followerOnlyDelayMinutes} min)` : 'followers-only off');
  if ('uniqueChat' in changed) parts.push(`unique chat ${changed.uniqueChat ? 'on' : 'off'}`);
  if ('nonModeratorChatDelay' in changed || 'nonModeratorChatDelaySeconds' in changed)
    parts.push(s.nonModeratorChatDelay ? `chat delay ${s.nonModeratorChatDelaySeconds} s` : 'chat delay off');
  return parts.join(', ');
}

/** Token checks and reads are noise for a viewer: the panel lists actions and failures. */
function worthShowing(call) {
  return call.status >= 400 || (call.method !== 'GET' && !call.path.startsWith('auth/'));
}

function addAction(call, prepend = true) {
  if (!worthShowing(call)) return;
  els.actions.querySelector('.empty')?.remove();
  const li = el('li');
  const ok = call.status < 400;
  li.append(el('span', 'what', call.summary + (call.injected ? ' (injected failure)' : '')));
  li.append(el('span', 'st ' + (ok ? 'ok' : 'err'), String(call.status)));
  if (!ok && call.error) li.append(el('span', 'err-text', call.error));
  li.append(el('span', 'when', hhmm(call.time)));
  if (prepend) els.actions.prepend(li);
  else els.actions.append(li);
  while (els.actions.childElementCount > 100) els.actions.lastElementChild.remove();
}

function startReply(m) {
  state.replyTo = m.id;
  els.replyName.textContent = '@' + m.displayName;
  els.replying.hidden = false;
  els.text.focus();
}
function cancelReply() {
  state.replyTo = null;
  els.replying.hidden = true;
}

// --- protocol -------------------------------------------------------------------------------
const handlers = {
  hello(msg) {
    state.bot = msg.bot;
    state.channels.clear();
    els.channel.textContent = '';
    els.actions.textContent = '';
    for (const c of msg.channels) {
      const cs = channelState(c.login);
      cs.settings = c.settings;
      cs.stream = c.stream;
      for (const m of c.history) push(c.login, { kind: 'msg', m });
    }
    state.current = state.channels.has(state.current) ? state.current : msg.defaultChannel;
    els.channel.value = state.current;
    els.actions.append(el('li', 'empty', 'Nothing yet.'));
    for (const call of msg.helix) addAction(call);
    els.live.checked = channelState(state.current).stream?.live ?? true;
    els.bgWrap.hidden = !msg.background.available;
    els.bg.checked = msg.background.running;
    rerender();
    system(state.current, 'join', `Connected. You are chatting in #${state.current}; the bot is ${msg.bot.displayName}.`);
  },
  message({ message }) {
    push(message.channel, { kind: 'msg', m: message });
  },
  delete({ channel, id, by }) {
    const m = state.channels.get(channel)?.byId.get(id);
    if (m) {
      m.deleted = true;
      m.deletedBy = by;
    }
    const row = channel === state.current && els.messages.querySelector(`[data-id="${CSS.escape(id)}"]`);
    if (row) markDeletedRow(row, by);
    system(channel, 'mod', `A message from ${m ? m.displayName : 'someone'} was deleted by ${by}.`);
  },
  'clear-user'({ channel, login, displayName, duration: d, reason, by }) {
    const c = state.channels.get(channel);
    for (const m of c?.byId.values() ?? []) if (m.login === login) m.deleted = true;
    if (channel === state.current) for (const row of els.messages.querySelectorAll(`[data-login="${CSS.escape(login)}"]`)) markDeletedRow(row, by);
    const what = d === null ? `was banned by ${by}` : `was timed out for ${duration(d)} by ${by}`;
    system(channel, 'mod', `⛔ ${displayName} ${what}${reason ? ' — ' + reason : ''}.`);
  },
  'clear-all'({ channel, by }) {
    const c = state.channels.get(channel);
    for (const m of c?.byId.values() ?? []) m.deleted = true;
    if (channel === state.current) for (const row of els.messages.querySelectorAll('.msg')) markDeletedRow(row, by);
    system(channel, 'mod', `Chat was cleared by ${by}.`);
  },
  unban({ channel, displayName, by }) {
    system(channel, 'mod', `${displayName} was unbanned by ${by}.`);
  },
  warn({ channel, displayName, reason, by }) {
    system(channel, 'warn', `⚠ ${displayName} was warned by ${by} — ${reason}`);
  },
  settings({ channel, settings, changed, by }) {
    channelState(channel).settings = settings;
    if (channel === state.current) renderModes();
    system(channel, 'settings', `⚙ ${by} changed chat settings: ${describeSettings(changed, settings)}.`);
  },
  stream({ channel, stream, by }) {
    const cs = channelState(channel);
    const was = cs.stream?.live;
    cs.stream = stream;
    if (channel === state.current) els.live.checked = stream.live;
    if (was !== stream.live) system(channel, 'settings', stream.live ? `📡 The stream is live (${by}).` : `📴 The stream is offline (${by}).`);
  },
  raid({ channel, displayName, viewers }) {
    system(channel, 'raid', `🚀 ${displayName} is raiding with a party of ${viewers}.`);
  },
  join({ channel, login }) {
    if (state.bot && login === state.bot.login) system(channel, 'join', `${login} joined the channel.`);
  },
  part({ channel, login }) {
    if (state.bot && login === state.bot.login) system(channel, 'join', `${login} left the channel.`);
  },
  helix({ call }) {
    addAction(call);
  },
  background({ running }) {
    els.bg.checked = running;
  },
  sent({ id }) {
    state.mine.add(id);
    const row = els.messages.querySelector(`[data-id="${CSS.escape(id)}"]`);
    if (row) row.classList.add('mine');
  },
  rejected({ text }) {
    system(state.current, 'rejected', `Your message was not sent: ${text}`);
  },
  error({ text }) {
    system(state.current, 'rejected', text);
  },
};

function connect() {
  const ws = new WebSocket(`${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/sandbox/ws`);
  state.ws = ws;
  ws.addEventListener('open', () => {
    state.retry = 0;
    els.status.textContent = 'live';
    els.status.className = 'status online';
  });
  ws.addEventListener('message', (e) => {
    let msg;
    try {
      msg = JSON.parse(e.data);
    } catch {
      return;
    }
    handlers[msg.type]?.(msg);
  });
  ws.addEventListener('close', () => {
    els.status.textContent = 'reconnecting…';
    els.status.className = 'status offline';
    const wait = Math.min(5000, 250 * 2 ** state.retry++);
    setTimeout(connect, wait);
  });
}

// --- UI events ------------------------------------------------------------------------------
els.composer.addEventListener('submit', (e) => {
  e.preventDefault();
  const text = els.text.value.trim();
  if (!text || !state.ws || state.ws.readyState !== WebSocket.OPEN) return;
  const name = els.name.value.trim();
  if (!name && els.role.value !== 'broadcaster') {
    els.name.focus();
    return;
  }
  state.ws.send(JSON.stringify({ type: 'send', channel: state.current, name, role: els.role.value, text, replyTo: state.replyTo, nonce: ++state.nonce }));
  els.text.value = '';
  cancelReply();
});
els.replyCancel.addEventListener('click', cancelReply);
els.raid.addEventListener('submit', (e) => {
  e.preventDefault();
  const from = els.raidFrom.value.trim();
  if (!from) return els.raidFrom.focus();
  state.ws?.send(JSON.stringify({ type: 'raid', channel: state.current, from, viewers: Number(els.raidViewers.value) || 0 }));
});
els.channel.addEventListener('change', () => {
  state.current = els.channel.value;
  els.live.checked = channelState(state.current).stream?.live ?? true;
  cancelReply();
  rerender();
});
els.live.addEventListener('change', () => state.ws?.send(JSON.stringify({ type: 'stream', channel: state.current, live: els.live.checked })));
els.bg.addEventListener('change', () => state.ws?.send(JSON.stringify({ type: 'background', on: els.bg.checked })));
els.messages.addEventListener('scroll', () => {
  if (nearBottom()) els.jump.hidden = true;
});
els.jump.addEventListener('click', scrollDown);

connect();
