// `npm run replay -- <file> [options]`: replays a recorded chat through the bot (see src/app/replay/cli.ts).
import { replayCli } from '../src/app/replay/cli.js';

process.exitCode = await replayCli(process.argv.slice(2));
