import { readFileSync } from 'node:fs';
import type { CancelTimer, Clock } from '../chat/clock.js';
import type { Logger } from '../chat/logger.js';
import type { Role } from '../chat/message.js';
import { ChatRejectedError, type SendAsInput } from './hub.js';
import { fnv1a, loginFrom } from './users.js';

/** One recorded line to replay. */
export interface ExcerptLine {
  /** Seconds since the first line. */
  offset: number;
  text: string;
}

/** Options of {@link BackgroundChat}. */
export interface BackgroundChatOptions {
  /** TSV file with `time` and `message` columns. Default: the bundled Backseat excerpt. */
  file?: string;
  /** Playback speed (2 = twice as fast). Default 1. */
  speed?: number;
  /** Longest pause between two lines, seconds (quiet stretches are shortened). Default 4. */
  maxGapSeconds?: number;
}

const NAMES = [
  'LeaFan_92',
  'nucleon42',
  'Bastien_TV',
  'chatdegouttiere',
  'MissPoulpe',
  'kevin_du_13',
  'Raclette_Lover',
  'zetetix',
  'Gaspard_R',
  'la_mouette',
  'PetitPoisCarotte',
  'Jojo_Lapin',
  'camille_sky',
  'Xx_Darkounet_xX',
  'mamie_geek',
  'TheRealSylvain',
  'Usulnaute',
  'BrocoliRebelle',
  'noemie_lit',
  'K4rim',
  'VieuxCroûton',
  'lucie_bzh',
  'CaptainFromage',
  'ninja_du_dimanche',
  'Fanny_Ardente',
  'toto_le_hero',
  'GrosChatRoux',
  'axel_fission',
  'Margot_M',
  'pain_au_choco',
  'Eolienne_Triste',
  'Jeanne_D',
  'SaladeTomate',
  'mr_patate',
  'FleurDeSel',
  'Quentin_Q',
  'loulou_77',
  'Baguette_Magique',
  'hibou_nocturne',
  'ZoeZ',
];

/** Synthetic viewer `i` of the background pool: a few talk a lot, some subscribe, one moderates. */
function viewer(index: number): Pick<SendAsInput, 'login' | 'displayName' | 'roles'> {
  const name = NAMES[index % NAMES.length]!;
  const roles: Role[] = [];
  if (index === 3) roles.push('moderator');
  else if (index === 7) roles.push('vip');
  if (index % 3 === 0) roles.push('subscriber');
  return { login: loginFrom(name), displayName: name, roles };
}

/** Parses a TSV excerpt (header with `time` and `message`); bad lines are skipped. */
export function parseExcerpt(tsv: string): ExcerptLine[] {
  const lines = tsv.split(/\r?\n/);
  const header = (lines.shift() ?? '').split('\t');
  const timeCol = header.indexOf('time');
  const textCol = header.indexOf('message');
  if (timeCol < 0 || textCol < 0) throw new Error('Background chat file needs a header with "time" and "message" columns.');
  const out: ExcerptLine[] = [];
  let first: number | undefined;
  for (const line of lines) {
    const cols = line.split('\t');
    const t = Date.parse((cols[timeCol] ?? '').replace(' ', 'T') + 'Z');
    const text = (cols[textCol] ?? '').trim();
    if (Number.isNaN(t) || !text) continue;
    first ??= t;
    out.push({ offset: (t - first) / 1000, text });
  }
  return out;
}

/**
 * Plays recorded chat in a loop, from synthetic viewers, so the sandbox channel feels alive.
 * Messages go through the normal chat rules: a viewer the bot timed out stays quiet.
 */
export class BackgroundChat {
  private timer?: CancelTimer;
  private index = 0;
  private readonly lines: ExcerptLine[];
  private readonly speed: number;
  private readonly maxGap: number;

  constructor(
    private readonly clock: Clock,
    private readonly send: (input: SendAsInput) => void,
    private readonly log: Logger,
    file: string,
    options: BackgroundChatOptions = {},
  ) {
    this.lines = parseExcerpt(readFileSync(options.file ?? file, 'utf8'));
    this.speed = options.speed ?? 1;
    this.maxGap = options.maxGapSeconds ?? 4;
    if (!(this.speed > 0)) throw new Error(`Background chat speed must be > 0, got ${this.speed}.`);
  }

  get running(): boolean {
    return this.timer !== undefined;
  }

  start(): void {
    if (this.running || this.lines.length === 0) return;
    this.schedule(0.5);
  }

  stop(): void {
    this.timer?.();
    this.timer = undefined;
  }

  private schedule(seconds: number): void {
    this.timer = this.clock.setTimer((seconds * 1000) / this.speed, () => this.tick());
  }

  private tick(): void {
    const line = this.lines[this.index]!;
    // Skewed speakers: a handful of regulars write most lines, like real chat.
    const h = fnv1a(line.text + this.index);
    const who = h % 4 === 0 ? h % NAMES.length : (h >>> 3) % 8;
    try {
      this.send({ ...viewer(who), text: line.text });
    } catch (error) {
      if (!(error instanceof ChatRejectedError)) this.log.warn('background chat line failed', { error });
    }
    const next = (this.index + 1) % this.lines.length;
    const gap = next === 0 ? 3 : Math.min(this.maxGap, Math.max(0.2, this.lines[next]!.offset - line.offset));
    this.index = next;
    this.schedule(gap);
  }
}
