// Child process of `npm run bench:faults`: the app in local mode with the entry point's fatal
// handling; the sandbox then refuses the bot's refresh token (revoked). Expected: the advice to run
// `npm run auth` on stderr and exit code 3, by itself.
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { exitOnFatal } from '../src/app/fatal.js';
import { startApp } from '../src/app/app.js';
import { silentLogger } from '../src/chat/logger.js';
import { channelConfigSchema } from '../src/app/channel-config.js';
import { localModeEnv } from '../src/config/env.js';
import { globalConfigSchema } from '../src/config/global-config.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const app = await startApp({
  env: localModeEnv({ configDir: join(root, 'config'), sandboxPort: 0 }),
  config: {
    global: globalConfigSchema.parse({ health: { port: null } }),
    channels: [],
    channelConfigs: new Map(),
    defaultChannel: channelConfigSchema.parse({}),
    warnings: [],
  },
  log: silentLogger,
  healthPort: null,
  sandbox: { port: 0, backgroundChat: false, channels: ['revokechan'] },
});
exitOnFatal(app);
await app.runtime.waitUntilJoined(30_000);
const sandbox = app.sandbox!;
sandbox.failUntilCleared('auth/token', 400, { message: 'Invalid refresh token' });
sandbox.revokeToken('sandbox-access-token');
// The next token use (reconnecting chat) needs a refresh, which Twitch refuses
sandbox.dropConnections();
// Bounded: if nothing happened within 60 s, fail loudly
setTimeout(() => {
  process.stderr.write('revoked token was not detected within 60 s\n');
  process.exit(0);
}, 60_000).unref();
await new Promise(() => undefined);
