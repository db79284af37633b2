/**
 * `npm run import:commands -- <export.json> --channel <login> [--store <file>] [--dry-run]`
 *
 * Imports a Nightbot or StreamElements command export into a channel's custom commands (the bot's
 * store: `store.path` of config/default.yaml, BOT_STORE_PATH, or --store). The export is the JSON
 * their APIs answer: Nightbot `GET https://api.nightbot.tv/1/commands` (`{ "commands": [...] }`),
 * StreamElements `GET https://api.streamelements.com/kappa/v2/bot/commands/<channel id>` (`[...]`).
 * Commands that exist already, that would start as a Twitch command, or that use a bot command's
 * name are skipped and listed. Run it while the bot is stopped, or restart the bot after.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { channelConfigSchema } from '../src/app/channel-config.js';
import { loadEnv } from '../src/config/env.js';
import { loadConfig } from '../src/app/load-config.js';
import { importCommands, parseCommandExport } from '../src/custom-commands/import.js';
import { CustomCommandSource } from '../src/custom-commands/runner.js';
import { CustomCommandService } from '../src/custom-commands/service.js';
import { CustomCommandStore } from '../src/custom-commands/store.js';
import { Store } from '../src/store/store.js';
import { SystemClock } from '../src/chat/clock.js';
import { silentLogger } from '../src/chat/logger.js';
import { createModules } from '../src/app/modules.js';
import { HashEncoder } from '../src/nlp/hash-encoder.js';
import { SharedEncoder } from '../src/nlp/shared-encoder.js';

const USAGE = 'Usage: npm run import:commands -- <export.json> --channel <login> [--store <file>] [--dry-run]';

async function main(): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      allowPositionals: true,
      options: { channel: { type: 'string' }, store: { type: 'string' }, 'dry-run': { type: 'boolean', default: false } },
    });
  } catch (err) {
    console.error(`${(err as Error).message}\n${USAGE}`);
    return 2;
  }
  const { values, positionals } = parsed;
  const channel = values.channel?.replace(/^#/, '').toLowerCase();
  if (positionals.length !== 1 || !channel) {
    console.error(USAGE);
    return 2;
  }
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(positionals[0]!, 'utf8'));
  } catch (err) {
    console.error(`Cannot read ${positionals[0]}: ${(err as Error).message}. Fix: give the JSON file the Nightbot or StreamElements API answered.`);
    return 1;
  }
  const exported = parseCommandExport(json);
  console.error(`${exported.format} export: ${exported.commands.length} commands`);
  for (const w of exported.warnings) console.error(`  note: ${w}`);
  const env = loadEnv();
  const config = loadConfig({ dir: env.configDir, channels: [channel] });
  const cfg = (config.channelConfigs.get(channel) ?? channelConfigSchema.parse({})).customCommands;
  const storePath = values.store ?? env.storePath ?? config.global.store.path;
  const store = Store.open({ path: values['dry-run'] ? ':memory:' : storePath });
  try {
    // Names the bot's own commands hold (a custom command may not shadow them): the real modules' list
    const scratch = Store.open({ path: ':memory:' });
    const encoder = new SharedEncoder(new HashEncoder());
    const modules = createModules({ encoder, store: scratch, clock: new SystemClock(), log: silentLogger });
    const reserved = new Set([
      'commands',
      'help',
      'aide',
      'commandes',
      ...modules.flatMap((m) => (m.commands ?? []).flatMap((c) => [c.name, ...(c.aliases ?? [])])),
    ]);
    for (const m of modules) await m.close?.();
    await encoder.close();
    scratch.close();
    const source = new CustomCommandSource(new CustomCommandStore(store), Math.random);
    source.attach((n) => reserved.has(n));
    const service = new CustomCommandService(source.store, source);
    const report = importCommands(service, channel, cfg, exported, Date.now());
    console.log(
      `${values['dry-run'] ? 'would add' : 'added'} ${report.added.length} commands to #${channel}${values['dry-run'] ? '' : ` (store ${storePath})`}: ${report.added.map((n) => '!' + n).join(' ')}`,
    );
    if (report.skipped.length > 0) console.log(`skipped ${report.skipped.length}:\n  ${report.skipped.join('\n  ')}`);
  } finally {
    store.close();
  }
  return 0;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  },
);
