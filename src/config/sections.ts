import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

/**
 * `config/default.yaml` is the one documented file users read. Each module's engineer writes the
 * documented defaults of their section in `config/sections/<module>.yaml`; `npm run config:sync`
 * copies each section into default.yaml between its markers, under `channel:`:
 *
 *   # >>> sections/<module>.yaml
 *   ...
 *   # <<< sections/<module>.yaml
 *
 * A section without markers yet is added before the `# >>> end of sections` line.
 */
const SECTIONS_END = '  # >>> end of sections';

/** Reads `config/sections/*.yaml` as module name -> text. */
export function readSections(configDir: string): Map<string, string> {
  const dir = join(configDir, 'sections');
  const out = new Map<string, string>();
  if (!existsSync(dir)) return out;
  for (const f of readdirSync(dir)
    .filter((n) => n.endsWith('.yaml'))
    .sort())
    out.set(f.replace(/\.yaml$/, ''), readFileSync(join(dir, f), 'utf8'));
  return out;
}

/** The section text as it appears under `channel:` (indented two spaces, wrapped in `<name>:` if needed). */
function renderSection(name: string, text: string): string {
  const parsed: unknown = parse(text);
  const keys = parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? Object.keys(parsed) : [];
  const wrapped = keys.length === 1 && keys[0] === name;
  const indent = wrapped ? '  ' : '    ';
  // Dedent first: a section may be written already indented as it would sit under `channel:`.
  const lines = text.replace(/\s+$/, '').split('\n');
  const common = Math.min(...lines.filter((l) => l.trim() !== '').map((l) => /^ */.exec(l)![0].length));
  const body = lines.map((l) => (l.trim() === '' ? '' : indent + l.slice(common))).join('\n');
  return wrapped ? body : `  ${name}:\n${body}`;
}

/** default.yaml text with every section copied in. */
export function syncSections(defaultText: string, sections: ReadonlyMap<string, string>): string {
  let text = defaultText;
  for (const [name, sectionText] of sections) {
    const start = `  # >>> sections/${name}.yaml (copied by npm run config:sync: edit config/sections/${name}.yaml)`;
    const end = `  # <<< sections/${name}.yaml`;
    const block = `${start}\n${renderSection(name, sectionText)}\n${end}`;
    const startRe = new RegExp(`^  # >>> sections/${name}\\.yaml.*$`, 'm');
    const m = startRe.exec(text);
    const endAt = m ? text.indexOf(end, m.index) : -1;
    if (m && endAt >= 0) text = text.slice(0, m.index) + block + text.slice(endAt + end.length);
    else if (text.includes(SECTIONS_END)) text = text.replace(SECTIONS_END, `${block}\n\n${SECTIONS_END}`);
    else throw new Error(`config/default.yaml has no "${SECTIONS_END.trim()}" line under channel:. Fix: add it back at the end of the channel: section.`);
  }
  return text;
}
