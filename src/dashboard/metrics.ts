import { Counter, Gauge, Registry, collectDefaultMetrics } from 'prom-client';
import type { Decision } from '../chat/decisions.js';
import type { SharedEncoder } from '../nlp/shared-encoder.js';

/** One failed Helix attempt, as the transport reports it. */
export interface HelixFailureEvent {
  channel: string;
  action: string;
  status: number | undefined;
}

/**
 * The bot's Prometheus metrics (prom-client), in a registry of its own so several bots in one
 * process (tests) never share counters. Default Node metrics bring event-loop lag
 * (`nodejs_eventloop_lag_seconds`, percentiles) and memory (`process_resident_memory_bytes`,
 * `nodejs_heap_size_used_bytes`).
 */
export class BotMetrics {
  readonly registry = new Registry();
  private readonly messages: Counter<'channel'>;
  private readonly decisions: Counter<'channel' | 'filter' | 'action' | 'enforced'>;
  private readonly faqAnswers: Counter<'channel' | 'entry'>;
  private readonly commands: Counter<'channel' | 'command'>;
  private readonly helixFailures: Counter<'action' | 'status'>;

  /** Effect queue lanes (Helix, chat) of the transport, set once it runs. */
  effects: (() => Readonly<Record<string, { waiting: number; running: number; shed: number; deadline: number; failed: number }>>) | undefined;

  constructor(encoder: SharedEncoder) {
    const registers = [this.registry];
    collectDefaultMetrics({ register: this.registry });
    this.messages = new Counter({
      name: 'bot_chat_messages_total',
      help: 'Chat messages handled by the pipeline, per channel.',
      labelNames: ['channel'],
      registers,
    });
    this.decisions = new Counter({
      name: 'bot_moderation_decisions_total',
      help: 'Moderation decisions per filter and action; enforced="false" in dry-run.',
      labelNames: ['channel', 'filter', 'action', 'enforced'],
      registers,
    });
    this.faqAnswers = new Counter({ name: 'bot_faq_answers_total', help: 'FAQ answers sent, per entry.', labelNames: ['channel', 'entry'], registers });
    this.commands = new Counter({ name: 'bot_commands_total', help: 'Chat commands run.', labelNames: ['channel', 'command'], registers });
    this.helixFailures = new Counter({
      name: 'bot_helix_failures_total',
      help: 'Failed Helix attempts by action and HTTP status ("network" when none).',
      labelNames: ['action', 'status'],
      registers,
    });
    // Encoder figures are read from its own counters at scrape time
    new Gauge({
      name: 'bot_encoder_queue_depth',
      help: 'Texts waiting for the shared encoder.',
      registers,
      collect() {
        this.set(encoder.stats().queueDepth);
      },
    });
    new Gauge({
      name: 'bot_encoder_in_flight_batches',
      help: 'Encoder batches running.',
      registers,
      collect() {
        this.set(encoder.stats().inFlight);
      },
    });
    new Gauge({
      name: 'bot_encoder_cache_hit_ratio',
      help: 'Share of encode requests served from the cache since start.',
      registers,
      collect() {
        this.set(encoder.stats().hitRate);
      },
    });
    new Gauge({
      name: 'bot_encoder_requests',
      help: 'Texts asked of the encoder since start.',
      registers,
      collect() {
        this.set(encoder.stats().requests);
      },
    });
    new Gauge({
      name: 'bot_encoder_rejected',
      help: 'Texts refused because the encoder queue was full, since start.',
      registers,
      collect() {
        this.set(encoder.stats().rejected);
      },
    });
    const metrics = this;
    const lanes = (fn: (l: { waiting: number; running: number; shed: number; deadline: number; failed: number }) => number) =>
      function (this: Gauge<'lane'>) {
        for (const [lane, l] of Object.entries(metrics.effects?.() ?? {})) this.set({ lane }, fn(l));
      };
    new Gauge({
      name: 'bot_effects_waiting',
      help: 'Side effects (Helix calls, chat messages) waiting, per lane.',
      labelNames: ['lane'],
      registers,
      collect: lanes((l) => l.waiting),
    });
    new Gauge({ name: 'bot_effects_running', help: 'Side effects running, per lane.', labelNames: ['lane'], registers, collect: lanes((l) => l.running) });
    new Gauge({
      name: 'bot_effects_dropped',
      help: 'Side effects given up since start (shed for budget, past deadline, failed), per lane.',
      labelNames: ['lane'],
      registers,
      collect: lanes((l) => l.shed + l.deadline + l.failed),
    });
    new Gauge({
      name: 'bot_encoder_latency_seconds',
      help: 'Enqueue-to-vector latency of encoded texts (cache hits excluded), recent samples.',
      labelNames: ['quantile'],
      registers,
      collect() {
        const l = encoder.stats().latencyMs;
        this.set({ quantile: '0.5' }, l.p50 / 1000);
        this.set({ quantile: '0.9' }, l.p90 / 1000);
        this.set({ quantile: '0.99' }, l.p99 / 1000);
      },
    });
  }

  /** A message went through the pipeline. */
  message(channel: string): void {
    this.messages.inc({ channel });
  }

  decision(d: Decision): void {
    if (d.kind === 'moderation') this.decisions.inc({ channel: d.channel, filter: d.filter, action: d.action, enforced: String(d.enforced) });
    else if (d.kind === 'faq') this.faqAnswers.inc({ channel: d.channel, entry: d.entry });
    else this.commands.inc({ channel: d.channel, command: d.command });
  }

  helixFailure(f: HelixFailureEvent): void {
    this.helixFailures.inc({ action: f.action, status: f.status === undefined ? 'network' : String(f.status) });
  }

  /** The text exposition format. */
  scrape(): Promise<string> {
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }
}
