import type { BotModule, ModuleServices } from '../bot/module.js';
import { createQuoteCommand } from './commands/quote.js';
import { QuoteSearch } from './search.js';
import { QuoteStore } from './store.js';

/** Options of {@link createQuotesModule}. */
export interface QuotesModuleOptions {
  /** Uniform [0, 1) source for a random quote. Default `Math.random`. */
  random?: () => number;
}

/** The quotes module, plus its store (dashboard). */
export interface QuotesModule extends BotModule {
  readonly name: 'quotes';
  readonly store: QuoteStore;
}

/** True for the module made by {@link createQuotesModule}. */
export function isQuotesModule(m: BotModule): m is QuotesModule {
  return m.name === 'quotes' && (m as Partial<QuotesModule>).store instanceof QuoteStore;
}

/** Channel quotes: `!quote`, `!quote <n|words>` (search by meaning), `!quote add`, `!quote del`. */
export function createQuotesModule(services: ModuleServices, options: QuotesModuleOptions = {}): QuotesModule {
  const store = new QuoteStore(services.store);
  const search = new QuoteSearch(services.encoder);
  return {
    name: 'quotes',
    store,
    commands: [createQuoteCommand(store, search, { random: options.random ?? Math.random })],
  };
}
