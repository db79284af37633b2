// `npm run auth`: obtains the bot's first user token with Twitch's Device Code Grant flow and saves
// it to the token file (TWITCH_TOKEN_FILE, default data/token.json, mode 0600). The bot refreshes it
// from then on. Log in to Twitch AS THE BOT ACCOUNT in the browser before entering the code.
import { getTokenInfo } from '@twurple/auth';
import { loadConfig } from '../src/app/load-config.js';
import { EVENTSUB_SCOPES, IRC_SCOPES, scopesFor } from '../src/chat/scopes.js';
import { runDeviceCodeFlow } from '../src/twitch/device-flow.js';
import { writeTokenFile } from '../src/twitch/token-file.js';
import { loadEnv } from '../src/config/env.js';
import { ConfigError } from '../src/config/errors.js';

const USAGE = `Usage: npm run auth

Obtains the bot's Twitch user token by Twitch's device code flow and saves it to TWITCH_TOKEN_FILE
(default data/token.json, mode 0600). Needs TWITCH_CLIENT_ID in .env (a "Public" application from
https://dev.twitch.tv/console/apps). Log in to twitch.tv as the BOT account in your browser first,
then open the printed URL and authorise. Run it again whenever the bot says its token was refused,
and after changing twitch.transport in config/default.yaml (each transport needs its own scopes).
Scopes with twitch.transport irc: ${IRC_SCOPES.join(', ')}.
Scopes with twitch.transport eventsub: ${EVENTSUB_SCOPES.join(', ')}.

The Chat Bot badge (eventsub): the bot sends as the app when TWITCH_CLIENT_SECRET is set (a
Confidential application) and the token has user:bot. In each channel the bot must be a moderator
(type /mod <bot login> there), or the broadcaster grants channel:bot once: the broadcaster opens
https://id.twitch.tv/oauth2/authorize?client_id=<client id>&redirect_uri=http://localhost&response_type=token&scope=channel:bot
while logged in as the broadcaster and clicks Authorize (nothing else is needed from that page).`;

async function run(): Promise<void> {
  if (process.argv.slice(2).some((a) => a === '--help' || a === '-h')) {
    console.log(USAGE);
    return;
  }
  const env = loadEnv();
  if (!env.twitchClientId) {
    throw new ConfigError(
      'TWITCH_CLIENT_ID is not set. Fix: register an application at https://dev.twitch.tv/console/apps (client type "Public"), then put its client id in .env (see .env.example).',
    );
  }
  const transport = loadConfig({ dir: env.configDir, channels: env.channels }).global.twitch.transport;
  const scopes = scopesFor(transport);
  console.log(`twitch.transport is ${transport}: requesting a token for scopes: ${scopes.join(', ')}`);
  if (transport === 'eventsub') {
    console.log(
      'For the Chat Bot badge, the bot must also be a moderator of each channel, or the broadcaster grants channel:bot\n' +
        `(logged in as the broadcaster: https://id.twitch.tv/oauth2/authorize?client_id=${env.twitchClientId}&redirect_uri=http://localhost&response_type=token&scope=channel:bot),\n` +
        'and TWITCH_CLIENT_SECRET must be set (app token). Without them the bot sends as itself, without the badge.',
    );
  }
  const token = await runDeviceCodeFlow({
    clientId: env.twitchClientId,
    scopes,
    onPrompt: (p) => {
      console.log('');
      console.log(`  1. In a browser logged in as the BOT account, open: ${p.verificationUri}`);
      console.log(`  2. Check that the code shown is: ${p.userCode}`);
      console.log(`  3. Click "Authorize". The code expires in ${Math.round(p.expiresIn / 60)} minutes.`);
      console.log('');
      console.log('Waiting for authorisation...');
    },
  });
  const info = await getTokenInfo(token.accessToken, env.twitchClientId);
  if (env.botLogin && info.userName && env.botLogin !== info.userName.toLowerCase()) {
    console.warn(`Warning: the token belongs to "${info.userName}", but TWITCH_BOT_LOGIN is "${env.botLogin}".`);
  }
  writeTokenFile(env.tokenFile, { ...token, userId: info.userId ?? undefined, login: info.userName ?? undefined });
  console.log(`Saved the token of ${info.userName ?? 'the bot'} to ${env.tokenFile} (mode 0600). Now run: npm start`);
}

run().catch((err: unknown) => {
  console.error(`\n${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(err instanceof ConfigError ? 2 : 1);
});
