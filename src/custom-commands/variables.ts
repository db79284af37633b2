import type { StreamInfo } from '../chat/actions.js';

/** What a response template can draw on when it runs. */
export interface TemplateInput {
  /** Display name of the viewer who ran the command. */
  user: string;
  /** The arguments as typed (untrusted). */
  args: readonly string[];
  /** Everything after the command name (untrusted). */
  rest: string;
  /** Channel login. */
  channel: string;
  /** The command's use count, this run included. */
  count: () => number;
  /** Stream status (asked once, only when the template needs `${uptime}`, `${game}` or `${title}`). */
  stream: () => Promise<StreamInfo | null>;
  /** Current time, ms (the bot's clock). */
  now: number;
  /** Uniform [0, 1) source for `${random}`. */
  random: () => number;
  /** Words for missing values, in the channel's language. */
  words: { offline: string; unknown: string; uptime: (hours: number, minutes: number) => string };
}

/** `${name args}` (StreamElements) or `$(name args)` (Nightbot). */
const TOKEN = /\$\{\s*([^{}]*?)\s*\}|\$\(\s*([^()]*?)\s*\)/g;

/** Variables that need the stream status. */
const STREAM_VARS = new Set(['uptime', 'game', 'title', 'category']);

/** Names of the variables a template uses (lowercase). */
export function variablesOf(template: string): string[] {
  const out: string[] = [];
  for (const m of template.matchAll(TOKEN)) out.push(nameOf(m[1] ?? m[2] ?? ''));
  return out;
}

function nameOf(body: string): string {
  const m = /^([a-z0-9_]+)(?:[.:]|\s|$)/i.exec(body);
  return (m?.[1] ?? body).toLowerCase();
}

/**
 * Expands a response template in one pass: values are inserted as text and never expanded again
 * (an argument `${count}` stays literal), unknown variables stay as typed. Variables: `${user}`
 * (`$(user)`, `${sender}`), `${touser}` (first argument without `@`, else the caller), `${args}`
 * (`${query}`, `${1:}`), `${1}`..`${9}`, `${count}`, `${channel}`, `${uptime}`, `${game}`,
 * `${title}`, `${random a|b|c}`, `${random 1-100}` (also StreamElements' `${random.pick 'a' 'b'}`
 * and `${random.1-100}`). The result never starts with `/` or `.`, so an argument such as
 * ".ban someone" cannot become a Twitch command.
 */
export async function expandTemplate(template: string, input: TemplateInput): Promise<string> {
  const names = variablesOf(template);
  const stream = names.some((n) => STREAM_VARS.has(n)) ? await input.stream().catch(() => null) : null;
  let count: number | undefined;
  const text = template.replace(TOKEN, (whole, a: string | undefined, b: string | undefined) => {
    const body = (a ?? b ?? '').trim();
    const name = nameOf(body);
    const arg = body
      .slice(name.length)
      .replace(/^[.:\s]/, '')
      .trim();
    switch (name) {
      case 'user':
      case 'sender':
        return input.user;
      case 'touser': {
        const first = (input.args[0] ?? '').replace(/^@+/, '');
        return first || input.user;
      }
      case 'args':
      case 'query':
        return input.rest;
      case 'channel':
        return input.channel;
      case 'count':
        count ??= input.count();
        return String(count);
      case 'uptime': {
        if (!stream) return input.words.unknown;
        if (!stream.live || stream.startedAt === undefined) return input.words.offline;
        const minutes = Math.max(0, Math.floor((input.now - stream.startedAt) / 60_000));
        return input.words.uptime(Math.floor(minutes / 60), minutes % 60);
      }
      case 'game':
      case 'category':
        return stream?.game ?? input.words.unknown;
      case 'title':
        return stream?.title ?? input.words.unknown;
      case 'random':
        return randomValue(arg, input.random) ?? whole;
      default: {
        // ${1}, ${2}, ${1:} (from the first argument on)
        const pos = /^([1-9])(:)?$/.exec(body);
        if (pos) {
          const i = Number(pos[1]) - 1;
          return pos[2] ? input.args.slice(i).join(' ') : (input.args[i] ?? '');
        }
        return whole;
      }
    }
  });
  return neutralizeCommand(text);
}

/** `a|b|c`, `pick 'a' 'b'`, `1-100` -> one value; undefined when the argument is not one of those. */
function randomValue(arg: string, random: () => number): string | undefined {
  const range = /^(-?\d{1,9})\s*-\s*(-?\d{1,9})$/.exec(arg);
  if (range) {
    const lo = Math.min(Number(range[1]), Number(range[2]));
    const hi = Math.max(Number(range[1]), Number(range[2]));
    return String(lo + Math.floor(random() * (hi - lo + 1)));
  }
  let choices: string[];
  const pick = /^pick\s+(.*)$/i.exec(arg);
  if (pick) choices = [...pick[1]!.matchAll(/'([^']*)'|"([^"]*)"|(\S+)/g)].map((m) => m[1] ?? m[2] ?? m[3] ?? '');
  else choices = arg.split('|').map((c) => c.trim());
  choices = choices.filter((c) => c !== '');
  if (choices.length === 0) return undefined;
  return choices[Math.min(choices.length - 1, Math.floor(random() * choices.length))];
}

/** Drops what would make Twitch read the text as a chat command (`/ban`, `.ban`), after leading spaces. */
export function neutralizeCommand(text: string): string {
  return text.replace(/^[\s\u200b-\u200f\u2060\ufeff/.]+/u, '');
}

/** True when a stored response would start as a chat command before any variable is expanded. */
export function startsAsCommand(response: string): boolean {
  return /^[\s\u200b-\u200f\u2060\ufeff]*[/.]/u.test(response);
}
