import { readFileSync } from 'node:fs';
import { parseDocument } from 'yaml';
import { z } from 'zod';
import { FAQ_LIMITS, faqIdProblem, type FaqEntry } from './entry.js';

const entrySchema = z
  .object({
    id: z.string().superRefine((id, c) => {
      const problem = faqIdProblem(id);
      if (problem) c.addIssue({ code: 'custom', message: problem });
    }),
    answer: z.string().trim().min(1).max(FAQ_LIMITS.answerLength),
    examples: z.array(z.string().trim().min(1).max(FAQ_LIMITS.exampleLength)).min(1).max(FAQ_LIMITS.examples),
    threshold: z.number().min(0).max(1).optional(),
    cooldownSeconds: z.number().min(0).max(86_400).optional(),
  })
  .strict();

const fileSchema = z
  .object({ entries: z.array(entrySchema).max(FAQ_LIMITS.entries) })
  .strict()
  .superRefine((file, c) => {
    const seen = new Set<string>();
    file.entries.forEach((e, i) => {
      if (seen.has(e.id)) c.addIssue({ code: 'custom', path: ['entries', i, 'id'], message: `duplicate id "${e.id}"` });
      seen.add(e.id);
    });
  });

/** An FAQ file that cannot be used; the message names the file, the key and the fix. */
export class FaqFileError extends Error {
  constructor(
    readonly file: string,
    message: string,
  ) {
    super(message);
    this.name = 'FaqFileError';
  }
}

function keyOf(path: readonly PropertyKey[]): string {
  return (
    path
      .map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`))
      .join('')
      .replace(/^\./, '') || '(root)'
  );
}

/** Parses and validates FAQ YAML text; `file` is only used in error messages. */
export function parseFaqYaml(text: string, file: string): FaqEntry[] {
  const doc = parseDocument(text, { prettyErrors: true });
  if (doc.errors.length > 0) {
    const e = doc.errors[0]!;
    throw new FaqFileError(file, `${file}: invalid YAML: ${e.message}. Fix the syntax (indentation, quotes around answers containing ": " or "#").`);
  }
  const parsed = fileSchema.safeParse(doc.toJS() ?? {});
  if (!parsed.success) {
    const problems = parsed.error.issues.slice(0, 5).map((i) => `${keyOf(i.path)}: ${i.message}`);
    throw new FaqFileError(
      file,
      `${file}: invalid FAQ file: ${problems.join('; ')}. Fix: each item of "entries" needs "id", "answer" and a list of ` +
        '"examples" (optional "threshold" 0-1 and "cooldownSeconds"); see the comments at the top of config/faq.yaml.',
    );
  }
  return parsed.data.entries.map((e) => {
    const entry: FaqEntry = { id: e.id, answer: e.answer, examples: [...new Set(e.examples)] };
    if (e.threshold !== undefined) entry.threshold = e.threshold;
    if (e.cooldownSeconds !== undefined) entry.cooldownSeconds = e.cooldownSeconds;
    return entry;
  });
}

/** Reads an FAQ file; errors name the file and say how to fix it. */
export function loadFaqFile(file: string): FaqEntry[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new FaqFileError(file, `Cannot read the FAQ file ${file}: ${(err as Error).message}. Fix: create it (see config/faq.yaml) or set faq.seedFile.`);
  }
  return parseFaqYaml(text, file);
}
