import type { z } from 'zod';

/** One problem found in a config value, before it is tied to a file. */
export interface ConfigProblem {
  path: (string | number)[];
  message: string;
  fix: string;
}

type AnyDef = { type: string; [k: string]: unknown };
const defOf = (schema: unknown): AnyDef | undefined => (schema as { _zod?: { def?: AnyDef } })?._zod?.def;

/** Unwraps defaults, optionals and pipes down to the schema that describes the value's shape. */
function unwrap(schema: unknown): unknown {
  let s = schema;
  for (let i = 0; i < 20; i++) {
    const d = defOf(s);
    if (!d) return s;
    if (['default', 'prefault', 'optional', 'nullable', 'readonly', 'catch', 'nonoptional'].includes(d.type)) s = d['innerType'];
    else if (d.type === 'pipe') s = d['in'];
    else if (d.type === 'lazy') s = (d['getter'] as () => unknown)();
    else return s;
  }
  return s;
}

const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Keys of `value` that `schema` does not know, at any depth (zod objects strip them silently
 * unless strict): a typo must not silently fall back to a default. Objects with a catchall and
 * records accept any key.
 */
export function findUnknownKeys(schema: unknown, value: unknown, path: (string | number)[] = []): ConfigProblem[] {
  const s = unwrap(schema);
  const d = defOf(s);
  if (!d) return [];
  const out: ConfigProblem[] = [];
  if (d.type === 'object' && isPlainObject(value)) {
    const shape = d['shape'] as Record<string, unknown>;
    const catchall = defOf(d['catchall']);
    for (const [k, v] of Object.entries(value)) {
      if (k in shape) out.push(...findUnknownKeys(shape[k], v, [...path, k]));
      else if (!catchall || catchall.type === 'never') {
        const guess = closest(k, Object.keys(shape));
        out.push({
          path: [...path, k],
          message: `unknown key "${k}"`,
          fix: guess ? `did you mean "${guess}"? Rename it, or remove the key` : `remove the key (known keys here: ${Object.keys(shape).join(', ')})`,
        });
      }
    }
  } else if (d.type === 'array' && Array.isArray(value)) {
    value.forEach((v, i) => out.push(...findUnknownKeys(d['element'], v, [...path, i])));
  } else if (d.type === 'record' && isPlainObject(value)) {
    for (const [k, v] of Object.entries(value)) out.push(...findUnknownKeys(d['valueType'], v, [...path, k]));
  }
  return out;
}

/** The zod issues of a failed parse as problems with a fix each (unknown keys are left to {@link findUnknownKeys}). */
export function problemsFromZod(error: z.ZodError): ConfigProblem[] {
  const out: ConfigProblem[] = [];
  for (const issue of error.issues) {
    if (issue.code === 'unrecognized_keys') continue;
    out.push({ path: issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p)), message: issue.message, fix: fixFor(issue) });
  }
  return out;
}

/** How to write a value of each expected type in YAML. */
const EXPECTED: Record<string, string> = {
  string: 'a string (quote it if it looks like a number or yes/no)',
  number: 'a number',
  int: 'a whole number',
  boolean: 'true or false',
  array: 'a list, e.g. [a, b] or one "- item" per line',
  object: 'a mapping of keys to values (indented "key: value" lines)',
};

function fixFor(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case 'invalid_type':
      return `set it to ${EXPECTED[issue.expected] ?? `a ${issue.expected}`}`;
    case 'too_small':
      // An empty string is most often a bare symbol YAML read as syntax: `prefix: !` is a tag, not "!".
      if (issue.origin === 'string' && Number(issue.minimum) === 1) return 'set a non-empty value, in quotes when it starts with a symbol (e.g. prefix: "!")';
      return `use ${issue.inclusive === false ? 'more than' : 'at least'} ${String(issue.minimum)}${issue.origin === 'string' ? ' characters' : issue.origin === 'array' ? ' items' : ''}`;
    case 'too_big':
      return `use ${issue.inclusive === false ? 'less than' : 'at most'} ${String(issue.maximum)}${issue.origin === 'string' ? ' characters' : issue.origin === 'array' ? ' items' : ''}`;
    case 'invalid_value':
      return `use one of: ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`;
    case 'invalid_format':
      return `write it as ${issue.format === 'regex' ? 'described' : issue.format}`;
    case 'invalid_union':
      return 'use one of the documented forms (see config/default.yaml)';
    case 'custom':
      return typeof issue.params?.['fix'] === 'string' ? issue.params['fix'] : 'see the documented value in config/default.yaml';
    default:
      return 'see the documented value in config/default.yaml';
  }
}

/** The candidate closest to `word` (edit distance at most a third of its length, min 2; at most 1 for words of 3 characters or fewer), if any. */
export function closest(word: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestD = Infinity;
  const w = word.toLowerCase();
  for (const c of candidates) {
    const d = distance(w, c.toLowerCase());
    if (d < bestD) {
      bestD = d;
      best = c;
    }
  }
  return bestD <= (word.length <= 3 ? 1 : Math.max(2, Math.floor(word.length / 3))) ? best : undefined;
}

function distance(a: string, b: string): number {
  const prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0]!;
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = prev[j]!;
      prev[j] = Math.min(prev[j]! + 1, prev[j - 1]! + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = tmp;
    }
  }
  return prev[b.length]!;
}
